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

    public static TestCluster Create(string endpoint, int silos, Action<RedisStreamOptions>? configure = null, string providerName = ProviderName)
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
            .ConfigureSilo(silo => silo.AddRedisStreams(providerName, Configure))
            .ConfigureClient(client => client.AddRedisStreams(providerName, Configure))
            .Build();
    }

    /// <summary>The agent of the silo hosting <paramref name="grain"/>.</summary>
    public static async Task<RedisStreamAgent> AgentOfAsync(TestCluster cluster, IStreamSubscriberGrain grain, string providerName = ProviderName)
    {
        var siloName = await grain.SiloName();
        return cluster.Silos.Single(s => s.Name == siloName && s.IsRunning).Services.GetRequiredKeyedService<RedisStreamAgent>(providerName);
    }

    public static RedisStreamAgent ClientAgent(TestCluster cluster, string providerName = ProviderName) =>
        ((ClusterClient)cluster.Client).Services.GetRequiredKeyedService<RedisStreamAgent>(providerName);
}
