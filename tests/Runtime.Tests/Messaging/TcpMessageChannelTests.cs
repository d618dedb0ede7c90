using System.Net;
using System.Text;
using OrleansSync.Runtime.Messaging;
using OrleansSync.Runtime.Transport;

namespace OrleansSync.Runtime.Tests.Messaging;

/// <summary>The runtime's IMessageChannel over TCP: payloads round-trip and failures say whether they may have been delivered.</summary>
public sealed class TcpMessageChannelTests : IAsyncLifetime
{
    private readonly CapturingLoggerProvider _logs = new();
    private readonly List<TcpMessageChannel> _channels = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var channel in _channels)
        {
            await channel.DisposeAsync();
        }
    }

    [Fact]
    public async Task SendRequest_ClientToListeningSilo_ReachesTheRuntimeHandler()
    {
        var silo = await ListenAsync(generation: 5);
        silo.StartListening(new UpperCaseHandler());
        var client = Client();

        var response = await client.SendRequestAsync(silo.LocalAddress, "grain call"u8.ToArray(), default);

        Assert.Equal("GRAIN CALL", Encoding.UTF8.GetString(response.Span));
        Assert.Equal(5, silo.LocalAddress.Generation);
    }

    [Fact]
    public async Task SendRequest_SiloNotListeningYet_IsUnavailableAndNotDelivered()
    {
        var silo = await ListenAsync();
        var caller = await ListenAsync();

        var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => caller.SendRequestAsync(silo.LocalAddress, "x"u8.ToArray(), default));

        Assert.False(error.MayHaveBeenDelivered);
    }

    [Fact]
    public async Task SendRequest_StaleGenerationOrStoppedSilo_IsUnavailableAndNotDelivered()
    {
        var silo = await ListenAsync(generation: 1);
        silo.StartListening(new UpperCaseHandler());
        var caller = await ListenAsync();
        var otherGeneration = new SiloAddress(silo.LocalAddress.Endpoint, 2);

        var stale = await Assert.ThrowsAsync<SiloUnavailableException>(() => caller.SendRequestAsync(otherGeneration, "x"u8.ToArray(), default));
        await silo.DisposeAsync();

        // A fresh caller: one with an open connection may write before it notices the close (then "may have been delivered").
        var freshCaller = await ListenAsync();
        var stopped = await Assert.ThrowsAsync<SiloUnavailableException>(() => freshCaller.SendRequestAsync(silo.LocalAddress, "x"u8.ToArray(), default));

        Assert.False(stale.MayHaveBeenDelivered);
        Assert.False(stopped.MayHaveBeenDelivered);
    }

    [Fact]
    public async Task SendRequest_FromDisposedChannel_IsUnavailableAndNotDelivered()
    {
        var silo = await ListenAsync();
        silo.StartListening(new UpperCaseHandler());
        var caller = await ListenAsync();
        await caller.DisposeAsync();

        var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => caller.SendRequestAsync(silo.LocalAddress, "x"u8.ToArray(), default));

        Assert.False(error.MayHaveBeenDelivered);
    }

    [Fact]
    public async Task SendRequest_SiloDiesWhileHandling_IsUnavailableAndMayHaveBeenDelivered()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var silo = await ListenAsync();
        silo.StartListening(new HangingHandler(started));
        var caller = await ListenAsync();

        var call = caller.SendRequestAsync(silo.LocalAddress, "x"u8.ToArray(), default);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await silo.DisposeAsync();

        var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(error.MayHaveBeenDelivered);
    }

    private async Task<TcpMessageChannel> ListenAsync(long generation = 1)
    {
        var channel = await TcpMessageChannel.ListenAsync(
            TransportFixture.Options(), new IPEndPoint(IPAddress.Loopback, 0), generation, null, TimeProvider.System, _logs, new Random(7));
        _channels.Add(channel);
        return channel;
    }

    private TcpMessageChannel Client()
    {
        var channel = TcpMessageChannel.CreateClient(TransportFixture.Options(), "client/test/1", TimeProvider.System, _logs, new Random(8));
        _channels.Add(channel);
        return channel;
    }

    private sealed class UpperCaseHandler : IMessageHandler
    {
        public Task<ReadOnlyMemory<byte>> HandleRequestAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
            Task.FromResult<ReadOnlyMemory<byte>>(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(payload.Span).ToUpperInvariant()));
    }

    private sealed class HangingHandler(TaskCompletionSource started) : IMessageHandler
    {
        public async Task<ReadOnlyMemory<byte>> HandleRequestAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
        {
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return payload;
        }
    }
}
