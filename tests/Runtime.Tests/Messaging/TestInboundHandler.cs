using System.Threading.Channels;
using OrleansSync.Runtime.Messaging;

namespace OrleansSync.Runtime.Tests.Messaging;

/// <summary>Handler whose request behaviour a test supplies; one-way payloads go to a channel.</summary>
public sealed class TestInboundHandler(Func<RemoteEndpointInfo, ReadOnlyMemory<byte>, CancellationToken, ValueTask<ReadOnlyMemory<byte>>>? onRequest = null)
    : IInboundMessageHandler
{
    /// <summary>Echo: answers each request with its own payload.</summary>
    public static TestInboundHandler Echo() => new((_, payload, _) => ValueTask.FromResult(payload));

    public Channel<(RemoteEndpointInfo Remote, byte[] Payload)> OneWays { get; } =
        Channel.CreateBounded<(RemoteEndpointInfo, byte[])>(1_000);

    public ValueTask<ReadOnlyMemory<byte>> HandleRequestAsync(RemoteEndpointInfo remote, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
        onRequest is null ? ValueTask.FromResult(payload) : onRequest(remote, payload, cancellationToken);

    public ValueTask HandleOneWayAsync(RemoteEndpointInfo remote, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
        OneWays.Writer.WriteAsync((remote, payload.ToArray()), cancellationToken);
}
