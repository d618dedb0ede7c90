using OrleansSync.Runtime.Redis;
using OrleansSync.Runtime.Streams;
using OrleansSync.Runtime.Tests.TestGrains;

namespace OrleansSync.Runtime.Tests.Redis;

/// <summary>Redis restarts under a 2-silo cluster with Redis streams: publishing fails during the outage, subscriptions come back after it.</summary>
[Trait("Category", "Redis")]
public sealed class RedisStreamOutageTests : IAsyncLifetime
{
    private RedisServer _server = null!;

    public async Task InitializeAsync() => _server = await RedisServer.StartNewAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Restart_PublishFailsDuringOutage_SiloResubscribes_AndDeliveryResumes()
    {
        await using var cluster = RedisStreamTestCluster.Create(_server.Endpoint, 2);
        await cluster.DeployAsync();
        var key = Guid.NewGuid().ToString("N");
        var subscriber = cluster.Client.GetGrain<IStreamSubscriberGrain>(key);
        await subscriber.Subscribe(RedisStreamTestCluster.ProviderName);
        var producer = cluster.Client.GetStreamProvider(RedisStreamTestCluster.ProviderName).GetStream<int>(StreamSubscriberGrain.StreamOf(key));
        await producer.OnNextAsync(1);
        await DeliveryCounter.For(key).WaitForAsync(1, RedisStreamTestCluster.DeliveryWait);
        var siloAgent = await RedisStreamTestCluster.AgentOfAsync(cluster, subscriber);
        var resubscribed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        siloAgent.Subscriber!.Resubscribed += () => resubscribed.TrySetResult();

        await _server.KillAsync();
        await Assert.ThrowsAsync<RedisConnectionException>(() => PublishUntilConnectionErrorAsync(producer));
        await _server.StartAsync();

        await resubscribed.Task.WaitAsync(RedisStreamTestCluster.DeliveryWait);
        using var wait = new CancellationTokenSource(RedisStreamTestCluster.DeliveryWait);
        await RedisStreamTestCluster.ClientAgent(cluster).WaitUntilConnectedAsync(wait.Token);
        await producer.OnNextAsync(2);
        await DeliveryCounter.For(key).WaitForAsync(2, RedisStreamTestCluster.DeliveryWait);

        // Item 1 before the outage, 2 after it; whatever failed to publish during it is gone.
        Assert.Equal([1, 2], await subscriber.Received());
        Assert.Equal([RedisStreamProvider.ChannelOf(siloAgent.Options.ChannelPrefix, RedisStreamTestCluster.ProviderName, StreamSubscriberGrain.StreamOf(key))], siloAgent.SubscribedChannels);
    }

    [Fact]
    public async Task Subscribe_WhileRedisIsDown_FailsAndLeavesNothingBehind()
    {
        await using var cluster = RedisStreamTestCluster.Create(_server.Endpoint, 1);
        await cluster.DeployAsync();
        var key = Guid.NewGuid().ToString("N");
        var subscriber = cluster.Client.GetGrain<IStreamSubscriberGrain>(key);
        await subscriber.SiloName();

        await _server.KillAsync();
        var error = await Assert.ThrowsAnyAsync<Exception>(() => subscriber.Subscribe(RedisStreamTestCluster.ProviderName));
        Assert.Contains(_server.Endpoint, error.Message, StringComparison.Ordinal);
        await _server.StartAsync();

        var agent = await RedisStreamTestCluster.AgentOfAsync(cluster, subscriber);
        Assert.Empty(agent.SubscribedChannels);
        await subscriber.Subscribe(RedisStreamTestCluster.ProviderName);
        await cluster.Client.GetStreamProvider(RedisStreamTestCluster.ProviderName).GetStream<int>(StreamSubscriberGrain.StreamOf(key)).OnNextAsync(3);
        await DeliveryCounter.For(key).WaitForAsync(1, RedisStreamTestCluster.DeliveryWait);
        Assert.Equal([3], await subscriber.Received());
    }

    /// <summary>The first publish after the kill may still be written before the close is seen; keep going (bounded) until one fails.</summary>
    private static async Task PublishUntilConnectionErrorAsync(IAsyncStream<int> producer)
    {
        using var deadline = new CancellationTokenSource(RedisStreamTestCluster.DeliveryWait);
        for (var item = 100; !deadline.IsCancellationRequested; item++)
        {
            await producer.OnNextAsync(item);
        }
    }
}
