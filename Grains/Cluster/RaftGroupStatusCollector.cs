using OrleansSync.Grains.Interfaces.Cluster;

namespace OrleansSync.Grains.Cluster;

/// <summary>Asks every replica of every group for its status, each within a timeout, and sums up each group.</summary>
internal static class RaftGroupStatusCollector
{
    public static async Task<IReadOnlyList<RaftGroupStatus>> CollectAsync(IGrainFactory grains, RaftLayout layout, TimeSpan timeout, int maxConcurrentCalls)
    {
        using var gate = new SemaphoreSlim(maxConcurrentCalls, maxConcurrentCalls);
        var groups = await Task.WhenAll(Enumerable.Range(0, layout.GroupCount)
            .Select(group => RaftGroupReader.ReadGroupAsync(grains, group, layout.ReplicaCount, timeout, gate, CancellationToken.None)));
        return [.. groups.Select((readings, group) => RaftGroupStatus.FromReplicas(group, [.. readings.Select(ToReplicaStatus)]))];
    }

    private static RaftReplicaStatus ToReplicaStatus(RaftReplicaReading reading) => reading.Status is { } status
        ? new RaftReplicaStatus(reading.Replica, true, status.Role, status.Term, status.LeaderReplica, status.CommitIndex, status.AppliedIndex, status.Silo, null)
        : new RaftReplicaStatus(reading.Replica, false, "Unreachable", 0, -1, 0, 0, string.Empty, reading.Error);
}
