using Microsoft.Extensions.DependencyInjection;
using OrleansSync.TestSupport.Faults;

namespace OrleansSync.Grains.Tests.Raft.Hosting;

/// <summary>
/// Partitions that Raft sees and Orleans membership does not (the Raft traffic between silos is
/// cut by an incoming grain call filter): the majority carries on, the cut-off leader steps down,
/// and after healing it follows the new term.
/// </summary>
public sealed class RaftPartitionTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "orleanssync-partition-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task LeaderCutOffFromItsFollowers_TheMajorityElectsAnother_AndTheOldLeaderFollowsAfterHealing()
    {
        var partition = new RaftNetworkPartition();
        await using var cluster = RaftGroupHarness.Build(_dataDirectory, new KeyValueFactory(), configure: silo => silo
            .AddIncomingGrainCallFilter<RaftPartitionCallFilter>()
            .Services.AddSingleton(partition));
        await cluster.DeployAsync();
        var leader = await RaftGroupHarness.WaitForLeaderAsync(cluster.Client, "initial layout", excluding: null);
        var leaderSilo = cluster.Silos.Single(s => s.Name == leader.Silo).SiloAddress;

        partition.Isolate(leaderSilo, cluster.Silos.Select(s => s.SiloAddress));
        var successor = await RaftGroupHarness.WaitForLeaderElsewhereAsync(cluster.Client, "leader cut off", leader.Silo);

        Assert.True(successor.Term > leader.Term, $"successor term {successor.Term}, old leader's {leader.Term}");
        Assert.True(partition.Dropped > 0, "the partition dropped no Raft batch");
        partition.HealAll();
        var rejoined = await WaitForFollowerAsync(cluster.Client, leader.Replica, successor.Term);
        Assert.Equal(leader.Silo, rejoined.Silo); // membership never saw the partition: nothing moved
    }

    private static async Task<Grains.Interfaces.Raft.RaftPeerStatus> WaitForFollowerAsync(IGrainFactory grains, int replica, ulong atLeastTerm)
    {
        using var timeout = new CancellationTokenSource(RaftGroupHarness.PhaseTimeout);
        var last = "no answer";
        while (!timeout.IsCancellationRequested)
        {
            var status = await RaftGroupHarness.Peer(grains, replica).GetStatus();
            if (status.Role == "Follower" && status.Term >= atLeastTerm)
            {
                return status;
            }

            last = $"{status.Role} at term {status.Term}";
            await Task.Delay(50, CancellationToken.None);
        }

        throw new TimeoutException($"Phase 'healed': replica {replica} did not follow at term {atLeastTerm} or later within {RaftGroupHarness.PhaseTimeout}; last: {last}.");
    }
}
