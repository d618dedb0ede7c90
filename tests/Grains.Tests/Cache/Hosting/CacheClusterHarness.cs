using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using OrleansSync.Grains.Cache;
using OrleansSync.Grains.Cache.Client;
using OrleansSync.Grains.Cache.Hosting;
using OrleansSync.Grains.Hosting;
using OrleansSync.Grains.Locks.Client;
using OrleansSync.Grains.Raft.Hosting;
using OrleansSync.Grains.Raft.StateMachines;
using OrleansSync.Grains.Service;

namespace OrleansSync.Grains.Tests.Cache.Hosting;

/// <summary>The coherent cache on a three-silo InProcessTestCluster: one Raft group of three replicas, memory streams, a near cache per silo.</summary>
internal static class CacheClusterHarness
{
    public const int GroupCount = 1;

    public static InProcessTestCluster Build(
        string dataDirectory, int nearCacheMaxEntries = NearCacheOptions.DefaultMaxEntries, Action<CacheHostingOptions>? configure = null) =>
        new InProcessTestClusterBuilder(3)
            .ConfigureSilo((_, silo) => silo
                .UseFastFailureDetection()
                .AddIncomingGrainCallFilter<NearCacheGetCallCounter>()
                .AddRaftPeers(
                    options =>
                    {
                        options.GroupCount = GroupCount;
                        options.ReplicaCount = 3;
                        options.TickIntervalMs = 20;
                        options.DataDirectory = dataDirectory;
                    },
                    new ServiceStateMachineFactory())
                .AddCoherentCache(options =>
                {
                    options.NearCacheMaxEntries = nearCacheMaxEntries;
                    configure?.Invoke(options);
                }))
            .Build();

    /// <summary>A cache client through the near cache of silo <paramref name="index"/>.</summary>
    public static CacheClient ClientOf(InProcessTestCluster cluster, int index) =>
        cluster.Client.Cache(cluster.Silos[index].SiloAddress.ToParsableString());

    /// <summary>The cache client silo <paramref name="index"/>'s own code (its HTTP API) uses: hits from the read view, with no grain call.</summary>
    public static CacheClient InSiloClientOf(InProcessTestCluster cluster, int index) =>
        cluster.Silos[index].ServiceProvider.GetRequiredService<CacheClient>();

    /// <summary>How many near-cache reads silo <paramref name="index"/>'s grains were asked for.</summary>
    public static long NearCacheGetCallsOf(InProcessTestCluster cluster, int index) =>
        cluster.Silos[index].ServiceProvider.GetServices<IIncomingGrainCallFilter>().OfType<NearCacheGetCallCounter>().Single().Calls;

    public static string IdentityOf(InProcessTestCluster cluster, int index) => cluster.Silos[index].SiloAddress.ToParsableString();

    /// <summary>The directory's view of <paramref name="key"/>, read linearizably through the group's leader.</summary>
    public static async Task<CacheEntryInfo> DirectoryEntryAsync(IGrainFactory grains, string key)
    {
        using var channel = new RaftGroupChannel(
            new GrainFactoryPeerResolver(grains), 0, new DistributedLockClientOptions { GroupCount = GroupCount, ReplicaCount = 3 }, TimeProvider.System);
        var query = new BinaryBuilder().Byte((byte)CacheQueryKind.GetEntry).String16(key).ToArray();
        return CacheResultCodec.DecodeEntryInfo(await channel.ReadAsync(ServiceKind.Cache, query, CancellationToken.None));
    }
}
