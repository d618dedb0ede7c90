using OrleansSync.Runtime.Redis;
using OrleansSync.Runtime.Testing;
using OrleansSync.Runtime.Tests.Streams;
using OrleansSync.Runtime.Tests.TestGrains;

namespace OrleansSync.Runtime.Tests.Redis;

/// <summary>The stream contract on Redis pub/sub with silos and client talking over real TCP (each host its own Redis connections).</summary>
[Trait("Category", "Redis")]
public sealed class TcpRedisStreamProviderTests(RedisServerFixture redis) : StreamProviderContractTests, IClassFixture<RedisServerFixture>
{
    protected override string ProviderName => RedisStreamTestCluster.ProviderName;

    protected override TestCluster CreateCluster()
    {
        var channelPrefix = $"test:tcpstream:{Guid.NewGuid():N}:";
        void Configure(RedisStreamOptions options)
        {
            options.Redis = RedisTestOptions.For(redis.Endpoint);
            options.ChannelPrefix = channelPrefix;
        }

        return new TestClusterBuilder(3)
            .Configure(o => o.UseTcp = true)
            .ConfigureSilo(silo => silo.AddRedisStreams(ProviderName, Configure))
            .ConfigureClient(client => client.AddRedisStreams(ProviderName, Configure))
            .Build();
    }

    protected override async Task<List<int>> ReceivedAsync(IStreamSubscriberGrain subscriber, int count)
    {
        await DeliveryCounter.For(subscriber.GetPrimaryKeyString()).WaitForAsync(count, RedisStreamTestCluster.DeliveryWait);
        return await subscriber.Received();
    }
}
