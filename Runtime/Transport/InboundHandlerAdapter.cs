using OrleansSync.Runtime.Messaging;

namespace OrleansSync.Runtime.Transport;

/// <summary>Hands requests from the TCP transport to the runtime's handler (silo router).</summary>
internal sealed class InboundHandlerAdapter : IInboundMessageHandler
{
    private readonly IMessageHandler _handler;

    public InboundHandlerAdapter(IMessageHandler handler)
    {
        _handler = handler;
    }

    public async ValueTask<ReadOnlyMemory<byte>> HandleRequestAsync(RemoteEndpointInfo remote, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
        await _handler.HandleRequestAsync(payload, cancellationToken).ConfigureAwait(false);

    /// <summary>The runtime sends no one-way messages: one arriving is a protocol error (the transport logs it).</summary>
    public ValueTask HandleOneWayAsync(RemoteEndpointInfo remote, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"Unexpected one-way message from {remote}: the runtime uses requests only.");
}
