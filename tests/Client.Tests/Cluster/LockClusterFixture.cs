using Orleans.TestingHost;
using OrleansSync.Grains.Hosting;
using OrleansSync.Grains.Interfaces.Cluster;
using OrleansSync.Grains.Raft.Hosting;
using OrleansSync.Grains.Service;

namespace OrleansSync.Client.Tests.Cluster;

/// <summary>
/// A three-silo InProcessTestCluster hosting <see cref="GroupCount"/> lock groups of three replicas, shared by
/// the tests of one class; it is ready once every group has a leader and its replicas on distinct silos.
/// </summary>
public sealed class LockClusterFixture : IAsyncLifetime
{
    public const int GroupCount = 2;
    public const int ReplicaCount = 3;
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(20);

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "orleanssync-client-tests-" + Guid.NewGuid().ToString("N"));
    private InProcessTestCluster? _cluster;

    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The fixture has not started.");

    public IGrainFactory GrainFactory => Cluster.Client;

    public static InProcessTestCluster Build(string dataDirectory, int silos = 3) => new InProcessTestClusterBuilder((short)silos)
        .ConfigureSilo((_, silo) => silo.UseFastFailureDetection().AddRaftPeers(
            options =>
            {
                options.GroupCount = GroupCount;
                options.ReplicaCount = ReplicaCount;
                options.TickIntervalMs = 20;
                options.DataDirectory = dataDirectory;
            },
            new ServiceStateMachineFactory()))
        .Build();

    public async Task InitializeAsync()
    {
        _cluster = Build(_dataDirectory);
        await _cluster.DeployAsync();
        // Settled, not just led: a new cluster may still be moving co-located replicas (ADR 0008),
        // and the commands' latency while it does is not what the tests sharing this fixture test.
        await WaitForSettledAsync(GrainFactory, "fixture start");
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    /// <summary>Asks for the cluster status until every group reports a leader, within <see cref="ReadyTimeout"/>.</summary>
    public static async Task<ClusterStatus> WaitForLeadersAsync(IGrainFactory grains, string phase)
    {
        using var timeout = new CancellationTokenSource(ReadyTimeout);
        ClusterStatus? last = null;
        while (!timeout.IsCancellationRequested)
        {
            last = await grains.GetGrain<IClusterInfoGrain>(IClusterInfoGrain.DefaultKey).GetStatus(1_000);
            if (last.Groups.Count > 0 && last.Groups.All(g => g.LeaderReplica >= 0))
            {
                return last;
            }

            await Task.Delay(50, CancellationToken.None);
        }

        var leaderless = last is null ? "no status" : string.Join(", ", last.Groups.Where(g => g.LeaderReplica < 0).Select(g => g.Group));
        throw new TimeoutException($"Phase '{phase}': not every group had a leader within {ReadyTimeout} (leaderless groups: {leaderless}).");
    }

    /// <summary>
    /// Waits until every group has a leader and exactly <see cref="ReplicaCount"/> reachable members
    /// on distinct silos: a new cluster may start with co-located replicas and repair them (ADR 0008).
    /// </summary>
    public static async Task<ClusterStatus> WaitForSettledAsync(IGrainFactory grains, string phase)
    {
        using var timeout = new CancellationTokenSource(ReadyTimeout);
        ClusterStatus? last = null;
        while (!timeout.IsCancellationRequested)
        {
            last = await grains.GetGrain<IClusterInfoGrain>(IClusterInfoGrain.DefaultKey).GetStatus(1_000);
            if (last.Groups.Count > 0 && last.Groups.All(IsSettled))
            {
                return last;
            }

            await Task.Delay(50, CancellationToken.None);
        }

        var unsettled = last is null ? "no status" : string.Join("; ", last.Groups.Where(g => !IsSettled(g)).Select(g =>
            $"{g.Group}: leader {g.LeaderReplica}, " + string.Join(", ", g.Replicas.Select(r => $"{r.Replica}={r.Role}@{r.Silo}{(r.Reachable ? string.Empty : " unreachable: " + r.Error)}"))));
        throw new TimeoutException($"Phase '{phase}': not every group settled within {ReadyTimeout} (unsettled groups: {unsettled}).");
    }

    private static bool IsSettled(RaftGroupStatus group) =>
        group.LeaderReplica >= 0
        && group.Replicas.Count == ReplicaCount
        && group.Replicas.All(r => r.Reachable)
        && group.Replicas.Select(r => r.Silo).Distinct().Count() == ReplicaCount;
}
