using OrleansSync.Runtime.Messaging;

namespace OrleansSync.Runtime.Client;

/// <summary>Clients serve nothing: a request from a gateway is a protocol error.</summary>
internal sealed class RejectingHandler : IInboundMessageHandler
{
    public ValueTask<ReadOnlyMemory<byte>> HandleRequestAsync(RemoteEndpointInfo remote, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"Clients accept no requests (from {remote}).");

    public ValueTask HandleOneWayAsync(RemoteEndpointInfo remote, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"Clients accept no messages (from {remote}).");
}
