using OrleansSync.Grains.Interfaces.Cluster;

namespace OrleansSync.Grains.Cluster;

/// <summary>Reads every group's current members (<see cref="RaftGroupReader"/>), each replica within a timeout, and sums up each group.</summary>
internal static class RaftGroupStatusCollector
{
    public static async Task<IReadOnlyList<RaftGroupStatus>> CollectAsync(
        IGrainFactory grains, RaftLayout layout, RaftMemberMemory memory, TimeSpan timeout, int maxConcurrentCalls)
    {
        using var gate = new SemaphoreSlim(maxConcurrentCalls, maxConcurrentCalls);
        var catalog = new RaftActivationCatalog(grains, timeout);
        var groups = await Task.WhenAll(Enumerable.Range(0, layout.GroupCount)
            .Select(group => RaftGroupReader.ReadGroupAsync(grains, group, layout.ReplicaCount, memory, catalog, timeout, gate, CancellationToken.None)));
        return [.. groups.Select(g => RaftGroupStatus.FromReplicas(g.Group, [.. g.Replicas.Select(ToReplicaStatus)], [.. g.Voters], [.. g.Learners]))];
    }

    private static RaftReplicaStatus ToReplicaStatus(RaftReplicaReading reading) => reading.Status is { } status
        ? new RaftReplicaStatus(reading.Replica, true, status.Role, status.Term, status.LeaderReplica, status.CommitIndex, status.AppliedIndex, status.Silo, null)
        : new RaftReplicaStatus(reading.Replica, false, "Unreachable", 0, -1, 0, 0, string.Empty, reading.Error);
}
