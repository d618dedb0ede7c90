using OrleansSync.Runtime.Messaging;
using OrleansSync.Runtime.Transport;

namespace OrleansSync.Runtime.Membership;

/// <summary>Probes with ping frames over the silo's <see cref="MessageTransport"/> (checks the target's generation).</summary>
public sealed class TransportSiloProber(MessageTransport transport) : ISiloProber
{
    public Task<bool> ProbeAsync(SiloAddress target, TimeSpan timeout, CancellationToken cancellationToken) =>
        transport.PingAsync(target, timeout, cancellationToken);
}
