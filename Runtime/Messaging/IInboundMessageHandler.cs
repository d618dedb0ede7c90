namespace OrleansSync.Runtime.Messaging;

/// <summary>
/// Receives requests and one-way messages arriving on any connection of a
/// <see cref="MessageTransport"/>; implemented by the runtime. Payloads are opaque bytes. Each
/// payload array is freshly allocated for the call and may be kept by the handler.
/// Calls run concurrently (up to <see cref="MessagingOptions.MaxConcurrentInboundRequests"/> per connection).
/// </summary>
public interface IInboundMessageHandler
{
    /// <summary>
    /// Handles a request and returns the response payload. An exception becomes an error-response
    /// frame that the caller sees as <see cref="RemoteRequestException"/>. The token is cancelled
    /// when the connection closes.
    /// </summary>
    ValueTask<ReadOnlyMemory<byte>> HandleRequestAsync(RemoteEndpointInfo remote, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken);

    /// <summary>Handles a one-way message; an exception is logged and otherwise dropped.</summary>
    ValueTask HandleOneWayAsync(RemoteEndpointInfo remote, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken);
}
