namespace OrleansSync.Runtime.Transport;

/// <summary>Handles requests that arrive on a channel; the returned bytes are the response.</summary>
internal interface IMessageHandler
{
    Task<ReadOnlyMemory<byte>> HandleRequestAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken);
}
