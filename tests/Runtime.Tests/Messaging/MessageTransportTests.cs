using System.Text;
using OrleansSync.Runtime.Messaging;

namespace OrleansSync.Runtime.Tests.Messaging;

public sealed class MessageTransportTests : IAsyncLifetime
{
    private readonly TransportFixture _fixture = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task SendRequest_ToEchoSilo_ReturnsPayload()
    {
        var (_, server) = await _fixture.StartSiloAsync();
        var client = _fixture.Create();

        var response = await client.SendRequestAsync(server.Endpoint, "hello"u8.ToArray());

        Assert.Equal("hello", Encoding.UTF8.GetString(response.Span));
    }

    [Fact]
    public async Task SendRequest_ToHostNameEndpoint_ResolvesAndRoundTrips()
    {
        var (_, server) = await _fixture.StartSiloAsync();
        var client = _fixture.Create();
        var port = System.Net.IPEndPoint.Parse(server.Endpoint).Port;

        var response = await client.SendRequestAsync($"localhost:{port}", "by-name"u8.ToArray());

        Assert.Equal("by-name", Encoding.UTF8.GetString(response.Span));
    }

    [Theory]
    [InlineData("no-port")]
    [InlineData("host:0")]
    [InlineData("host:99999")]
    public async Task SendRequest_ToMalformedEndpoint_ThrowsConnectionFailed(string endpoint)
    {
        var client = _fixture.Create();

        await Assert.ThrowsAsync<ConnectionFailedException>(() => client.SendRequestAsync(endpoint, "x"u8.ToArray()));
    }

    [Fact]
    public async Task SendRequest_ManyConcurrent_AreMultiplexedOnOneConnectionAndCompleteInAnyOrder()
    {
        const int Count = 50;
        var releases = Enumerable.Range(0, Count).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var arrived = new CountdownEvent(Count);
        var allArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new TestInboundHandler(async (_, payload, token) =>
        {
            var index = int.Parse(Encoding.UTF8.GetString(payload.Span), System.Globalization.CultureInfo.InvariantCulture);
            if (arrived.Signal())
            {
                allArrived.TrySetResult();
            }

            await releases[index].Task.WaitAsync(token);
            return Encoding.UTF8.GetBytes($"answer-{index}");
        });
        var (server, silo) = await _fixture.StartSiloAsync(handler);
        var client = _fixture.Create();

        var calls = Enumerable.Range(0, Count)
            .Select(i => client.SendRequestAsync(silo.Endpoint, Encoding.UTF8.GetBytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture))))
            .ToArray();
        await allArrived.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // Release in reverse order: each answer must still reach its own caller.
        for (var i = Count - 1; i >= 0; i--)
        {
            releases[i].SetResult();
            var response = await calls[i].WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal($"answer-{i}", Encoding.UTF8.GetString(response.Span));
            Assert.All(calls[..i], call => Assert.False(call.IsCompleted));
        }

        Assert.Equal(1, client.OpenConnectionCount);
        Assert.Equal(1, server.OpenConnectionCount);
    }

    [Fact]
    public async Task SendOneWay_IsDeliveredToHandlerWithSenderIdentity()
    {
        var handler = TestInboundHandler.Echo();
        var (_, server) = await _fixture.StartSiloAsync(handler);
        var (sender, senderSilo) = await _fixture.StartSiloAsync(generation: 7);

        await sender.SendOneWayAsync(server.Endpoint, "fire"u8.ToArray());

        var (remote, payload) = await handler.OneWays.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("fire", Encoding.UTF8.GetString(payload));
        Assert.Equal(senderSilo, remote.Silo);
        Assert.False(remote.IsClient);
    }

    [Fact]
    public async Task SendRequest_FromClient_HandlerSeesClientIdentityAndCanCallBack()
    {
        var handler = TestInboundHandler.Echo();
        var (server, silo) = await _fixture.StartSiloAsync(handler);
        var clientHandler = new TestInboundHandler((_, _, _) => ValueTask.FromResult<ReadOnlyMemory<byte>>("from-client"u8.ToArray()));
        var client = _fixture.Create(clientHandler);

        await client.SendOneWayAsync(silo.Endpoint, "hi"u8.ToArray());
        var (remote, _) = await handler.OneWays.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        var answer = await server.SendRequestToClientAsync(remote.ClientId!, "ping"u8.ToArray());

        Assert.True(remote.IsClient);
        Assert.Equal(client.ClientId, remote.ClientId);
        Assert.Equal("from-client", Encoding.UTF8.GetString(answer.Span));
    }

    [Fact]
    public async Task SendRequest_HandlerThrows_CallerGetsRemoteRequestException()
    {
        var handler = new TestInboundHandler((_, payload, _) =>
            payload.Span.SequenceEqual("boom"u8) ? throw new InvalidOperationException("grain exploded") : ValueTask.FromResult(payload));
        var (_, silo) = await _fixture.StartSiloAsync(handler);
        var client = _fixture.Create();

        var error = await Assert.ThrowsAsync<RemoteRequestException>(() => client.SendRequestAsync(silo.Endpoint, "boom"u8.ToArray()));
        var after = await client.SendRequestAsync(silo.Endpoint, "ok"u8.ToArray());

        Assert.Equal(typeof(InvalidOperationException).FullName, error.RemoteExceptionType);
        Assert.Equal("grain exploded", error.RemoteMessage);
        Assert.Equal("ok", Encoding.UTF8.GetString(after.Span));
    }

    [Fact]
    public async Task SendRequest_NoAnswerWithinTimeout_ThrowsRequestTimeoutAndConnectionStaysUsable()
    {
        var handler = new TestInboundHandler(async (_, payload, token) =>
        {
            if (payload.Span.SequenceEqual("hang"u8))
            {
                await Task.Delay(Timeout.Infinite, token);
            }

            return payload;
        });
        var (_, silo) = await _fixture.StartSiloAsync(handler);
        var client = _fixture.Create();

        await Assert.ThrowsAsync<RequestTimeoutException>(() => client.SendRequestAsync(silo.Endpoint, "hang"u8.ToArray(), TimeSpan.FromMilliseconds(200)));
        var after = await client.SendRequestAsync(silo.Endpoint, "after"u8.ToArray());

        Assert.Equal("after", Encoding.UTF8.GetString(after.Span));
    }

    [Fact]
    public async Task SendRequest_CallerCancels_ThrowsOperationCanceled()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new TestInboundHandler(async (_, payload, token) =>
        {
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, token);
            return payload;
        });
        var (_, silo) = await _fixture.StartSiloAsync(handler);
        var client = _fixture.Create();
        using var cancellation = new CancellationTokenSource();

        var call = client.SendRequestAsync(silo.Endpoint, "x"u8.ToArray(), cancellationToken: cancellation.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    [Fact]
    public async Task ConnectionLoss_FailsAllPendingRequestsWithConnectionLost()
    {
        var arrived = 0;
        var allArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new TestInboundHandler(async (_, payload, token) =>
        {
            if (Interlocked.Increment(ref arrived) == 3)
            {
                allArrived.TrySetResult();
            }

            await Task.Delay(Timeout.Infinite, token);
            return payload;
        });
        var (server, silo) = await _fixture.StartSiloAsync(handler);
        var client = _fixture.Create();
        var calls = Enumerable.Range(0, 3).Select(_ => client.SendRequestAsync(silo.Endpoint, "x"u8.ToArray())).ToArray();
        await allArrived.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await server.DisposeAsync();

        foreach (var call in calls)
        {
            await Assert.ThrowsAsync<ConnectionLostException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
        }
    }

    [Fact]
    public async Task SendRequest_PayloadOverLimit_ThrowsPayloadTooLargeWithoutSending()
    {
        var (_, silo) = await _fixture.StartSiloAsync();
        var client = _fixture.Create();
        var payload = new byte[TransportFixture.Options().MaxFrameBytes + 1];

        var error = await Assert.ThrowsAsync<PayloadTooLargeException>(() => client.SendRequestAsync(silo.Endpoint, payload));

        Assert.Equal(payload.Length, error.PayloadBytes);
        Assert.Equal(0, client.OpenConnectionCount);
    }

    [Fact]
    public async Task SendRequest_NobodyListening_ThrowsConnectionFailed()
    {
        var (server, silo) = await _fixture.StartSiloAsync();
        await server.DisposeAsync();
        var client = _fixture.Create();

        await Assert.ThrowsAsync<ConnectionFailedException>(() => client.SendRequestAsync(silo.Endpoint, "x"u8.ToArray()));
    }

    [Fact]
    public async Task SendRequest_AfterServerRestartsOnSamePort_Reconnects()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var hanging = new TestInboundHandler(async (_, payload, token) =>
        {
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, token);
            return payload;
        });
        var (server, silo) = await _fixture.StartSiloAsync(hanging, generation: 1);
        var client = _fixture.Create();
        var pending = client.SendRequestAsync(silo.Endpoint, "before"u8.ToArray());
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // The pending call failing proves the client saw the old connection close.
        await server.DisposeAsync();
        await Assert.ThrowsAsync<ConnectionLostException>(() => pending.WaitAsync(TimeSpan.FromSeconds(10)));
        var (_, restarted) = await _fixture.StartSiloAsync(port: System.Net.IPEndPoint.Parse(silo.Endpoint).Port, generation: 2);
        var after = await client.SendRequestAsync(silo.Endpoint, "after"u8.ToArray());

        Assert.Equal("after", Encoding.UTF8.GetString(after.Span));
        Assert.Equal(2, restarted.Generation);
        Assert.True(await client.PingAsync(restarted, TimeSpan.FromSeconds(5)));
        Assert.False(await client.PingAsync(silo, TimeSpan.FromSeconds(5)));
        Assert.Equal("exact", Encoding.UTF8.GetString((await client.SendRequestAsync(restarted, "exact"u8.ToArray())).Span));
        var gone = await Assert.ThrowsAsync<ConnectionFailedException>(() => client.SendRequestAsync(silo, "stale"u8.ToArray()));
        Assert.Contains("is gone", gone.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ping_LiveSilo_ReturnsTrueAndStoppedSiloReturnsFalse()
    {
        var (server, silo) = await _fixture.StartSiloAsync();
        var (prober, _) = await _fixture.StartSiloAsync();

        Assert.True(await prober.PingAsync(silo, TimeSpan.FromSeconds(5)));
        await server.DisposeAsync();
        Assert.False(await prober.PingAsync(silo, TimeSpan.FromSeconds(5)));
    }
}
