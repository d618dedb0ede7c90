using OrleansSync.Runtime.Streams;
using OrleansSync.Runtime.Testing;
using OrleansSync.Runtime.Tests.Streams;
using OrleansSync.Runtime.Tests.TestGrains;

namespace OrleansSync.Runtime.Tests.Redis;

/// <summary>
/// The stream contract on Redis pub/sub (3 in-process silos, each with its own pub/sub connection),
/// plus what is Redis-specific: activation-local subscriptions and the size limit.
/// </summary>
[Trait("Category", "Redis")]
public sealed class RedisStreamProviderTests(RedisServerFixture redis) : StreamProviderContractTests, IClassFixture<RedisServerFixture>
{
    protected override string ProviderName => RedisStreamTestCluster.ProviderName;

    protected override TestCluster CreateCluster() => RedisStreamTestCluster.Create(redis.Endpoint, 3);

    /// <summary>Waits (bounded) until the grain handled <paramref name="count"/> items, then asks; a timeout shows up as a short list.</summary>
    protected override async Task<List<int>> ReceivedAsync(IStreamSubscriberGrain subscriber, int count)
    {
        await DeliveryCounter.For(subscriber.GetPrimaryKeyString()).WaitForAsync(count, RedisStreamTestCluster.DeliveryWait);
        return await subscriber.Received();
    }

    [Fact]
    public async Task Subscription_EndsWithTheActivation_AndTheSiloUnsubscribesTheChannel()
    {
        await using var cluster = CreateCluster();
        await cluster.DeployAsync();
        var key = Guid.NewGuid().ToString("N");
        var subscriber = cluster.Client.GetGrain<IStreamSubscriberGrain>(key);
        await subscriber.Subscribe(ProviderName);
        var agent = await RedisStreamTestCluster.AgentOfAsync(cluster, subscriber);
        var channel = Assert.Single(agent.SubscribedChannels);
        var unsubscribed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        agent.ChannelUnsubscribed += name => unsubscribed.TrySetResult(name);

        await subscriber.DeactivateSoon();

        Assert.Equal(channel, await unsubscribed.Task.WaitAsync(RedisStreamTestCluster.DeliveryWait));
        Assert.Empty(agent.SubscribedChannels);
        await using var client = await RedisTestOptions.ConnectAsync(redis.Endpoint);
        var numsub = await client.ExecuteAsync("PUBSUB", "NUMSUB", channel);
        Assert.Equal(0, numsub.Elements[1].AsInteger());

        // A new activation starts without subscriptions (they are not durable) and gets nothing.
        await cluster.Client.GetStreamProvider(ProviderName).GetStream<int>(StreamSubscriberGrain.StreamOf(key)).OnNextAsync(1);
        Assert.Empty(await subscriber.Received());
    }

    [Fact]
    public async Task OnNextAsync_ItemOverMaxMessageBytes_FailsBeforePublishing()
    {
        await using var cluster = RedisStreamTestCluster.Create(redis.Endpoint, 1, o => o.MaxMessageBytes = 64);
        await cluster.DeployAsync();
        var stream = cluster.Client.GetStreamProvider(ProviderName).GetStream<string>("test", Guid.NewGuid().ToString("N"));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => stream.OnNextAsync(new string('x', 100)));

        Assert.Contains("MaxMessageBytes=64", error.Message, StringComparison.Ordinal);
        await stream.OnNextAsync("small");
    }

    [Fact]
    public async Task ClientSubscribe_IsNotSupported()
    {
        await using var cluster = RedisStreamTestCluster.Create(redis.Endpoint, 1);
        await cluster.DeployAsync();
        var stream = cluster.Client.GetStreamProvider(ProviderName).GetStream<int>("test", "client");

        await Assert.ThrowsAsync<NotSupportedException>(() => stream.SubscribeAsync(_ => Task.CompletedTask));
    }

    [Fact]
    public async Task Handler_PublishingToItsOwnStream_DoesNotWaitOnItself()
    {
        await using var cluster = RedisStreamTestCluster.Create(redis.Endpoint, 1);
        await cluster.DeployAsync();
        var key = Guid.NewGuid().ToString("N");
        var chain = cluster.Client.GetGrain<IChainStreamGrain>(key);
        await chain.Subscribe(ProviderName, limit: 5);

        await cluster.Client.GetStreamProvider(ProviderName).GetStream<int>("chain", key).OnNextAsync(1);

        Assert.True(await DeliveryCounter.For(key).WaitForAsync(5, RedisStreamTestCluster.DeliveryWait), "the chain stopped before item 5");
        Assert.Equal([1, 2, 3, 4, 5], await chain.Received());
    }
}
