using System.Threading.Channels;
using OrleansSync.Runtime.Redis;

namespace OrleansSync.Runtime.Tests.Redis;

[Trait("Category", "Redis")]
public sealed class RedisPubSubTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private RedisClient _publisher = null!;
    private RedisSubscriber _subscriber = null!;

    public async Task InitializeAsync()
    {
        _publisher = await RedisTestOptions.ConnectAsync(redis.Endpoint);
        _subscriber = await RedisTestOptions.SubscribeAsync(redis.Endpoint);
    }

    public async Task DisposeAsync()
    {
        await _subscriber.DisposeAsync();
        await _publisher.DisposeAsync();
    }

    [Fact]
    public async Task Subscribe_ThenPublish_DeliversInOrder()
    {
        var received = Channel.CreateUnbounded<RedisPubSubMessage>();
        await _subscriber.SubscribeAsync("pubsub:orders", (message, token) => received.Writer.WriteAsync(message, token).AsTask());

        for (var index = 0; index < 20; index++)
        {
            Assert.Equal(1, await _publisher.PublishAsync("pubsub:orders", $"m{index}"));
        }

        for (var index = 0; index < 20; index++)
        {
            var message = await received.Reader.ReadAsync().AsTask().WaitAsync(RedisTestOptions.WaitTimeout);
            Assert.Equal("pubsub:orders", message.Channel);
            Assert.Equal($"m{index}", message.PayloadText);
            Assert.Null(message.Pattern);
        }
    }

    [Fact]
    public async Task SubscribePattern_MatchingChannels_DeliversWithPattern()
    {
        var received = Channel.CreateUnbounded<RedisPubSubMessage>();
        await _subscriber.SubscribePatternAsync("pubsub:events:*", (message, token) => received.Writer.WriteAsync(message, token).AsTask());

        Assert.Equal(0, await _publisher.PublishAsync("pubsub:other", "ignored"));
        Assert.Equal(1, await _publisher.PublishAsync("pubsub:events:created", "payload"));

        var message = await received.Reader.ReadAsync().AsTask().WaitAsync(RedisTestOptions.WaitTimeout);
        Assert.Equal("pubsub:events:created", message.Channel);
        Assert.Equal("pubsub:events:*", message.Pattern);
        Assert.Equal("payload", message.PayloadText);
    }

    [Fact]
    public async Task Unsubscribe_StopsDeliveryAtTheServer()
    {
        await _subscriber.SubscribeAsync("pubsub:leaving", (_, _) => Task.CompletedTask);
        Assert.Equal(1, await _publisher.PublishAsync("pubsub:leaving", "x"));

        await _subscriber.UnsubscribeAsync("pubsub:leaving");

        Assert.Equal(0, await _publisher.PublishAsync("pubsub:leaving", "y"));
    }

    [Fact]
    public async Task Handler_ThatThrows_DoesNotStopLaterDeliveries()
    {
        var received = Channel.CreateUnbounded<string>();
        await _subscriber.SubscribeAsync("pubsub:faulty", async (message, token) =>
        {
            if (message.PayloadText == "boom")
            {
                throw new InvalidOperationException("handler failure under test");
            }

            await received.Writer.WriteAsync(message.PayloadText, token);
        });

        await _publisher.PublishAsync("pubsub:faulty", "boom");
        await _publisher.PublishAsync("pubsub:faulty", "fine");

        Assert.Equal("fine", await received.Reader.ReadAsync().AsTask().WaitAsync(RedisTestOptions.WaitTimeout));
    }

    [Fact]
    public async Task Subscribe_SameChannelTwice_Throws()
    {
        await _subscriber.SubscribeAsync("pubsub:twice", (_, _) => Task.CompletedTask);

        await Assert.ThrowsAsync<InvalidOperationException>(() => _subscriber.SubscribeAsync("pubsub:twice", (_, _) => Task.CompletedTask));
    }

    [Fact]
    public async Task Resp3Subscriber_PushFrames_AreDelivered()
    {
        await using var resp3 = await RedisTestOptions.SubscribeAsync(redis.Endpoint, options => options.ProtocolVersion = 3);
        var received = new TaskCompletionSource<RedisPubSubMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        await resp3.SubscribeAsync("pubsub:resp3", (message, _) =>
        {
            received.TrySetResult(message);
            return Task.CompletedTask;
        });

        Assert.Equal(1, await _publisher.PublishAsync("pubsub:resp3", "pushed"));

        var message = await received.Task.WaitAsync(RedisTestOptions.WaitTimeout);
        Assert.Equal("pubsub:resp3", message.Channel);
        Assert.Equal("pushed", message.PayloadText);
    }
}
