using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansSync.Runtime.Client;
using OrleansSync.Runtime.Hosting;
using OrleansSync.Runtime.Membership;
using OrleansSync.Runtime.Messaging;
using OrleansSync.Runtime.Redis;
using OrleansSync.Runtime.Testing;
using OrleansSync.Runtime.Tests.TestGrains;

namespace OrleansSync.Runtime.Tests.Redis;

/// <summary>
/// A 3-silo TCP test cluster whose membership and grain state both live in Redis: every silo and
/// the client configure <c>UseRedisClustering</c> themselves (own connections); the cluster's
/// liveness waits read the same Redis hash through the test's own table.
/// </summary>
[Trait("Category", "Redis")]
public sealed class RedisClusteringTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private const string SharedSecret = "redis-clustering-test-secret-0123456789";
    private static readonly TimeSpan StabilizeTimeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task SiloAndClient_InSeparateHosts_FindEachOtherOnlyThroughRedis()
    {
        var clusterId = "hosts-" + Guid.NewGuid().ToString("N");
        void Clustering(RedisClusteringOptions options)
        {
            options.Redis = RedisTestOptions.For(redis.Endpoint);
            options.ClusterId = clusterId;
        }

        var siloBuilder = NewHostBuilder();
        siloBuilder.Services.AddOrleansSyncSilo(silo => silo
            .UseRedisClustering(Clustering)
            .UseTcpClustering(options => options.Port = 0)
            .ConfigureMessaging(Secret)
            .Configure(options => options.SiloName = "redis-silo"));
        using var siloHost = siloBuilder.Build();
        await siloHost.StartAsync();
        var clientBuilder = NewHostBuilder();
        clientBuilder.Services.AddOrleansSyncClient(client => client
            .UseRedisClustering(Clustering)
            .ConfigureMessaging(Secret));
        using var clientHost = clientBuilder.Build();
        await clientHost.StartAsync();

        var echo = clientHost.Services.GetRequiredService<IClusterClient>().GetGrain<IEchoGrain>("through-redis");

        Assert.Equal(7, await echo.Add(3, 4));
        Assert.IsType<RedisMembershipTable>(siloHost.Services.GetRequiredService<IMembershipTable>());
        Assert.IsType<RedisMembershipTable>(clientHost.Services.GetRequiredService<IMembershipTable>());
        await clientHost.StopAsync();
        await siloHost.StopAsync();
        await using var table = new RedisMembershipTable(new RedisClusteringOptions { Redis = RedisTestOptions.For(redis.Endpoint), ClusterId = clusterId });
        Assert.Empty((await table.ReadAllAsync(default)).ActiveEntries());
    }

    [Fact]
    public async Task RedisClusteredCluster_SurvivesASiloKill_KilledSiloIsDeadInRedis()
    {
        var clusterId = "kill-" + Guid.NewGuid().ToString("N");
        var storagePrefix = $"test:clustering:{clusterId}:";
        void Clustering(RedisClusteringOptions options)
        {
            options.Redis = RedisTestOptions.For(redis.Endpoint);
            options.ClusterId = clusterId;
        }

        var clusteringOptions = new RedisClusteringOptions();
        Clustering(clusteringOptions);
        await using var table = new RedisMembershipTable(clusteringOptions);
        await using var cluster = new TestClusterBuilder(3)
            .Configure(options =>
            {
                options.UseTcp = true;
                options.MembershipTable = table;
            })
            .ConfigureSilo(silo => silo
                .UseRedisClustering(Clustering)
                .AddRedisGrainStorage(TestCluster.SharedStorageName, options =>
                {
                    options.Redis = RedisTestOptions.For(redis.Endpoint);
                    options.KeyPrefix = storagePrefix;
                }))
            .ConfigureClient(client => client.UseRedisClustering(Clustering))
            .Build();
        await cluster.DeployAsync();
        Assert.Equal(3, (await table.ReadAllAsync(default)).ActiveEntries().Count);

        var counter = cluster.Client.GetGrain<ICounterGrain>("redis-clustered-survivor");
        await counter.Increment();
        Assert.Equal(2, await counter.Increment());
        var hostName = await counter.SiloName();
        var victim = cluster.Silos.Single(silo => silo.Name == hostName);
        var victimAddress = victim.Address;

        await cluster.KillSiloAsync(victim);
        await cluster.WaitForLivenessToStabilizeAsync(StabilizeTimeout);

        Assert.Equal(3, await counter.Increment());
        Assert.NotEqual(hostName, await counter.SiloName());
        var snapshot = await table.ReadAllAsync(default);
        Assert.Equal(SiloStatus.Dead, snapshot.Find(victimAddress)!.Entry.Status);
        Assert.Equal(2, snapshot.ActiveEntries().Count);
        await using var client = await RedisTestOptions.ConnectAsync(redis.Endpoint);
        Assert.Single((await client.ExecuteAsync("KEYS", storagePrefix + "*")).Elements);
    }

    private static void Secret(MessagingOptions options) => options.SharedSecret = SharedSecret;

    private static HostApplicationBuilder NewHostBuilder() => new(new HostApplicationBuilderSettings { DisableDefaults = true });
}
