using Orleans.TestingHost;
using OrleansSync.Grains.Hosting;
using OrleansSync.Grains.Locks.Client;
using OrleansSync.Grains.Locks.Detection;
using OrleansSync.Grains.Raft.Hosting;
using OrleansSync.Grains.Service;

namespace OrleansSync.Grains.Tests.Raft.Hosting;

/// <summary>Several lock groups of three replicas on a three-silo InProcessTestCluster, with the deadlock detector running.</summary>
internal static class LockClusterHarness
{
    public const int DetectionPeriodMs = 200;

    public static InProcessTestCluster Build(string dataDirectory, int groupCount) => new InProcessTestClusterBuilder(3)
        .ConfigureSilo((_, silo) => silo
            .UseFastFailureDetection()
            .AddRaftPeers(
                options =>
                {
                    options.GroupCount = groupCount;
                    options.ReplicaCount = 3;
                    options.TickIntervalMs = 20;
                    options.DataDirectory = dataDirectory;
                },
                new ServiceStateMachineFactory())
            .AddLockDeadlockDetection(options =>
            {
                options.DetectionPeriodMs = DetectionPeriodMs;
                options.StartIntervalMs = 500;
            }))
        .Build();

    public static DistributedLockClient Client(IGrainFactory grains, int groupCount, string owner) =>
        new(grains, new DistributedLockClientOptions { GroupCount = groupCount, ReplicaCount = 3, Owner = owner, NotificationWaitMs = 5_000 });

    /// <summary>The first names "{prefix}-0", "{prefix}-1", ... that fall in groups 0, 1, ..., <paramref name="groupCount"/> - 1.</summary>
    public static string[] NamesInDistinctGroups(string prefix, int groupCount)
    {
        var map = new LockGroupMap(groupCount);
        var names = new string[groupCount];
        for (var i = 0; names.Any(n => n is null); i++)
        {
            var name = $"{prefix}-{i}";
            names[map.GroupOf(name)] ??= name;
        }

        return names;
    }
}
