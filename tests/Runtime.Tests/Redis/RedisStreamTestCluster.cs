using Microsoft.Extensions.DependencyInjection;
using OrleansSync.Runtime.Client;
using OrleansSync.Runtime.Redis;
using OrleansSync.Runtime.Testing;
using OrleansSync.Runtime.Tests.TestGrains;

namespace OrleansSync.Runtime.Tests.Redis;

/// <summary>Test clusters whose silos and client carry a Redis stream provider, and access to its per-host agents.</summary>
internal static class RedisStreamTestCluster
{
    public const string ProviderName = "redis";

    /// <summary>Bound of every wait for a delivery that Redis pub/sub makes asynchronous.</summary>
    public static readonly TimeSpan DeliveryWait = TimeSpan.FromSeconds(15);

    public static TestCluster Create(string endpoint, int silos, Action<RedisStreamOptions>? configure = null)
    {
        // A channel prefix per cluster: test classes share one server.
        var channelPrefix = $"test:stream:{Guid.NewGuid():N}:";
        void Configure(RedisStreamOptions options)
        {
            options.Redis = RedisTestOptions.For(endpoint);
            options.ChannelPrefix = channelPrefix;
            configure?.Invoke(options);
        }

        return new TestClusterBuilder(silos)
            .ConfigureSilo(silo => silo.AddRedisStreams(ProviderName, Configure))
            .ConfigureClient(client => client.AddRedisStreams(ProviderName, Configure))
            .Build();
    }

    /// <summary>The agent of the silo hosting <paramref name="grain"/>.</summary>
    public static async Task<RedisStreamAgent> AgentOfAsync(TestCluster cluster, IStreamSubscriberGrain grain)
    {
        var siloName = await grain.SiloName();
        return cluster.Silos.Single(s => s.Name == siloName && s.IsRunning).Services.GetRequiredKeyedService<RedisStreamAgent>(ProviderName);
    }

    public static RedisStreamAgent ClientAgent(TestCluster cluster) =>
        ((ClusterClient)cluster.Client).Services.GetRequiredKeyedService<RedisStreamAgent>(ProviderName);
}
