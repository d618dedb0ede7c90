using OrleansSync.Runtime.Redis;
using OrleansSync.Runtime.Testing;
using OrleansSync.Runtime.Tests.TestGrains;

namespace OrleansSync.Runtime.Tests.Redis;

/// <summary>A 3-silo test cluster whose grain state lives in Redis (one storage client per silo).</summary>
[Trait("Category", "Redis")]
public sealed class RedisClusterStorageTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private static readonly TimeSpan StabilizeTimeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task KilledSilo_GrainReactivatesElsewhere_WithStateFromRedis()
    {
        var keyPrefix = $"test:cluster:{Guid.NewGuid():N}:";
        await using var cluster = new TestClusterBuilder(3)
            .ConfigureSilo(silo => silo.AddRedisGrainStorage(TestCluster.SharedStorageName, options =>
            {
                options.Redis = RedisTestOptions.For(redis.Endpoint);
                options.KeyPrefix = keyPrefix;
            }))
            .Build();
        await cluster.DeployAsync();
        var counter = cluster.Client.GetGrain<ICounterGrain>("redis-survivor");
        await counter.Increment();
        await counter.Increment();
        Assert.Equal(3, await counter.Increment());
        var hostName = await counter.SiloName();

        await cluster.KillSiloAsync(cluster.Silos.Single(silo => silo.Name == hostName));
        await cluster.WaitForLivenessToStabilizeAsync(StabilizeTimeout);

        Assert.Equal(4, await counter.Increment());
        Assert.NotEqual(hostName, await counter.SiloName());
        await using var client = await RedisTestOptions.ConnectAsync(redis.Endpoint);
        var keys = await client.ExecuteAsync("KEYS", keyPrefix + "*");
        Assert.Single(keys.Elements);
    }
}
