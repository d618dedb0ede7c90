using Orleans.TestingHost;
using OrleansSync.Grains.Cluster;
using OrleansSync.Grains.Hosting;
using OrleansSync.Grains.Interfaces.Cluster;

namespace OrleansSync.Client.Tests.Cluster;

/// <summary><see cref="ClusterInfoGrain"/> on TestClusters: layout, silos from each kind of membership, groups and unreachable replicas.</summary>
public sealed class ClusterInfoGrainTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "orleanssync-clusterinfo-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task Status_OnARaftCluster_ReportsLayoutSilosAndEveryReplicaOfEveryGroup()
    {
        await using var cluster = LockClusterFixture.Build(_dataDirectory);
        await cluster.DeployAsync();

        var layout = await Info(cluster, "any-key").GetRaftLayout();
        var status = await LockClusterFixture.WaitForSettledAsync(cluster.Client, "deployed");

        Assert.Equal(new RaftLayout(LockClusterFixture.GroupCount, LockClusterFixture.ReplicaCount), layout);
        Assert.Equal(layout, status.Layout);
        Assert.Equal(cluster.Silos.Select(s => $"{s.SiloAddress.Endpoint}@{s.SiloAddress.Generation}").Order(), status.Silos.Select(s => s.Address).Order());
        Assert.All(status.Silos, silo => Assert.Equal("Active", silo.Status));
        Assert.Contains(status.AnsweredBy, cluster.Silos.Select(s => s.Name));
        Assert.Equal([0, 1], status.Groups.Select(g => g.Group));
        foreach (var group in status.Groups)
        {
            Assert.Equal(LockClusterFixture.ReplicaCount, group.Replicas.Count);
            Assert.All(group.Replicas, replica => Assert.True(replica.Reachable, replica.Error));
            var leader = Assert.Single(group.Replicas, r => r.Replica == group.LeaderReplica);
            Assert.Equal("Leader", leader.Role);
            Assert.Equal(leader.Term, group.Term);
            Assert.Equal(leader.CommitIndex, group.CommitIndex);
            Assert.Equal(3, group.Replicas.Select(r => r.Silo).Distinct().Count());
        }
    }

    [Fact]
    public async Task Status_AfterASiloIsKilled_ShowsItDead_TheSurvivorsActive_AndGroupsLeadAgain()
    {
        await using var cluster = LockClusterFixture.Build(_dataDirectory);
        await cluster.DeployAsync();
        await LockClusterFixture.WaitForLeadersAsync(cluster.Client, "deployed");
        var victim = cluster.Silos[2];
        var victimAddress = $"{victim.SiloAddress.Endpoint}@{victim.SiloAddress.Generation}";

        await cluster.KillSiloAsync(victim);
        await cluster.WaitForLivenessToStabilizeAsync();
        var status = await LockClusterFixture.WaitForLeadersAsync(cluster.Client, "after the kill");
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            // The membership table is read as the answering silo sees it: the death may reach it a moment later.
            while (status.Silos.SingleOrDefault(s => s.Address == victimAddress)?.Status != "Dead" && !deadline.IsCancellationRequested)
            {
                await Task.Delay(50, CancellationToken.None);
                status = await Info(cluster, IClusterInfoGrain.DefaultKey).GetStatus(1_000);
            }
        }

        Assert.Equal("Dead", status.Silos.Single(s => s.Address == victimAddress).Status);
        Assert.Equal(
            cluster.Silos.Where(s => s != victim).Select(s => $"{s.SiloAddress.Endpoint}@{s.SiloAddress.Generation}").Order(),
            status.Silos.Where(s => s.Status == "Active").Select(s => s.Address).Order());
        Assert.All(status.Groups, group => Assert.DoesNotContain(victim.Name, group.Replicas.Where(r => r.Reachable).Select(r => r.Silo)));
    }

    [Fact]
    public async Task Status_OnSilosWithoutRaft_ListsEverySiloAndNoGroups()
    {
        await using var cluster = new InProcessTestClusterBuilder(2)
            .ConfigureSilo((_, silo) => silo.UseFastFailureDetection())
            .Build();
        await cluster.DeployAsync();

        var status = await Info(cluster, IClusterInfoGrain.DefaultKey).GetStatus(1_000);

        Assert.Equal(new RaftLayout(0, 0), status.Layout);
        Assert.Empty(status.Groups);
        Assert.Equal(cluster.Silos.Select(s => $"{s.SiloAddress.Endpoint}@{s.SiloAddress.Generation}").Order(), status.Silos.Select(s => s.Address).Order());
        Assert.All(status.Silos, silo => Assert.Equal("Active", silo.Status));
        Assert.Equal(cluster.Silos.Select(s => s.Name).Order(), status.Silos.Select(s => s.Name).Order());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(IClusterInfoGrain.MaxReplicaTimeoutMs + 1)]
    public async Task Status_RejectsAReplicaTimeoutOutOfRange(int replicaTimeoutMs)
    {
        await using var cluster = new InProcessTestClusterBuilder(1).ConfigureSilo((_, silo) => silo.UseFastFailureDetection()).Build();
        await cluster.DeployAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Info(cluster, "k").GetStatus(replicaTimeoutMs));
    }

    [Fact]
    public void FromReplicas_TakesTheLeaderOfTheHighestTerm_AndKeepsUnreachableReplicas()
    {
        RaftReplicaStatus[] replicas =
        [
            new(0, true, "Leader", 3, 0, 10, 10, "silo-a", null), // a stale leader of an older term
            new(1, true, "Leader", 4, 1, 12, 11, "silo-b", null),
            new(2, false, "Unreachable", 0, -1, 0, 0, string.Empty, "TimeoutException: timed out"),
        ];

        int[] voters = [0, 1, 2];
        int[] learners = [];
        var group = RaftGroupStatus.FromReplicas(5, replicas, voters, learners);

        Assert.Equal(new RaftGroupStatus(5, 1, 4, 12, replicas, voters, learners), group with { Replicas = replicas });
        Assert.Same(replicas[2], group.Replicas[2]);
    }

    [Fact]
    public void FromReplicas_WithNoLeaderOrNoReachableReplica_ReportsMinusOne()
    {
        var followers = RaftGroupStatus.FromReplicas(0, [new(0, true, "Follower", 2, -1, 7, 7, "a", null), new(1, true, "Candidate", 3, -1, 6, 6, "b", null)], [0, 1], []);
        var gone = RaftGroupStatus.FromReplicas(1, [new(0, false, "Unreachable", 0, -1, 0, 0, string.Empty, "x")], [0], []);

        Assert.Equal((-1, 3UL, 7UL), (followers.LeaderReplica, followers.Term, followers.CommitIndex));
        Assert.Equal((-1, 0UL, 0UL), (gone.LeaderReplica, gone.Term, gone.CommitIndex));
    }

    private static IClusterInfoGrain Info(InProcessTestCluster cluster, string key) => cluster.Client.GetGrain<IClusterInfoGrain>(key);
}
