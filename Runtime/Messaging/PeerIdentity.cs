using OrleansSync.Runtime.Transport;

namespace OrleansSync.Runtime.Messaging;

/// <summary>What one side of a handshake says it is: a silo address or a client id (exactly one).</summary>
internal sealed record PeerIdentity(SiloAddress? Silo, string? ClientId)
{
    public override string ToString() => Silo is not null ? $"silo {Silo}" : $"client {ClientId}";
}
