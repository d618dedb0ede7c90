using System.Net;
using System.Net.Sockets;
using System.Text;
using OrleansSync.Runtime.Messaging;
using OrleansSync.Runtime.Tests.Membership;

namespace OrleansSync.Runtime.Tests.Messaging;

public sealed class ReconnectAndFlowControlTests : IAsyncLifetime
{
    private const int Seed = 1234;
    private readonly TransportFixture _fixture = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public void Backoff_DoublesUpToTheCapWithJitterInTheUpperHalf()
    {
        var backoff = new ReconnectBackoff(baseDelayMs: 100, maxDelayMs: 1_000, new Random(Seed));

        for (var attempt = 1; attempt <= 10; attempt++)
        {
            var ceilingMs = Math.Min(1_000, 100 * Math.Pow(2, attempt - 1));
            var delayMs = backoff.DelayAfter(attempt).TotalMilliseconds;
            Assert.InRange(delayMs, ceilingMs / 2, ceilingMs);
        }
    }

    [Fact]
    public void Backoff_SameSeed_SameDelays()
    {
        var first = new ReconnectBackoff(100, 5_000, new Random(Seed));
        var second = new ReconnectBackoff(100, 5_000, new Random(Seed));

        Assert.Equal(
            Enumerable.Range(1, 8).Select(first.DelayAfter),
            Enumerable.Range(1, 8).Select(second.DelayAfter));
    }

    [Fact]
    public async Task SendRequest_ServerComesUpDuringBackoff_RetryConnectsAndCallSucceeds()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero));
        var options = TransportFixture.Options();
        options.ConnectAttempts = 5;
        var client = _fixture.Create(options: options, timeProvider: time);
        var port = FreePort();

        var call = client.SendRequestAsync($"127.0.0.1:{port}", "late"u8.ToArray());

        // The first attempt was refused and the backoff delay (at most ReconnectMaxDelayMs) is scheduled.
        await _fixture.Logs.WaitForLineAsync("Connect attempt 1/5", $"127.0.0.1:{port}", "retrying in");
        await time.WaitForTimerDueWithinAsync(TimeSpan.FromMilliseconds(options.ReconnectMaxDelayMs)).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(call.IsCompleted);
        await _fixture.StartSiloAsync(port: port);
        time.Advance(TimeSpan.FromMilliseconds(options.ReconnectMaxDelayMs));

        var response = await call.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("late", Encoding.UTF8.GetString(response.Span));
    }

    [Fact]
    public async Task SendRequest_PendingSlotsExhausted_WaitsAndTimesOut()
    {
        var options = TransportFixture.Options();
        options.MaxPendingRequests = 2;
        var entered = 0;
        var bothEntered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new TestInboundHandler(async (_, payload, token) =>
        {
            if (Interlocked.Increment(ref entered) == 2)
            {
                bothEntered.TrySetResult();
            }

            await Task.Delay(Timeout.Infinite, token);
            return payload;
        });
        var (_, silo) = await _fixture.StartSiloAsync(handler, options);
        var client = _fixture.Create(options: options);
        _ = client.SendRequestAsync(silo.Endpoint, "1"u8.ToArray());
        _ = client.SendRequestAsync(silo.Endpoint, "2"u8.ToArray());
        await bothEntered.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await Assert.ThrowsAsync<RequestTimeoutException>(() => client.SendRequestAsync(silo.Endpoint, "3"u8.ToArray(), TimeSpan.FromMilliseconds(200)));

        Assert.Equal(2, entered);
    }

    [Fact]
    public async Task InboundDispatch_AllSlotsBusy_ConnectionStopsReadingUntilASlotFrees()
    {
        var options = TransportFixture.Options();
        options.MaxConcurrentInboundRequests = 1;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var blockerEntered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new TestInboundHandler(async (_, payload, token) =>
        {
            if (payload.Span.SequenceEqual("block"u8))
            {
                blockerEntered.TrySetResult();
                await release.Task.WaitAsync(token);
            }

            return payload;
        });
        var (_, silo) = await _fixture.StartSiloAsync(handler, options);
        var client = _fixture.Create(options: options);
        var blocker = client.SendRequestAsync(silo.Endpoint, "block"u8.ToArray());
        await blockerEntered.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // "queued" waits for the only slot, so the read loop stops: even the ping behind it gets no answer.
        var queued = client.SendRequestAsync(silo.Endpoint, "queued"u8.ToArray());
        var answeredWhileBusy = await client.PingAsync(silo, TimeSpan.FromMilliseconds(300));
        release.SetResult();

        Assert.False(answeredWhileBusy);
        Assert.Equal("queued", Encoding.UTF8.GetString((await queued.WaitAsync(TimeSpan.FromSeconds(10))).Span));
        Assert.Equal("block", Encoding.UTF8.GetString((await blocker.WaitAsync(TimeSpan.FromSeconds(10))).Span));
        Assert.True(await client.PingAsync(silo, TimeSpan.FromSeconds(10)));
    }

    private static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
