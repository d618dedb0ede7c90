using OrleansSync.Grains.Cluster;
namespace OrleansSync.Silo.Status;

/// <summary>
/// One Raft group as its replicas report it: the leader with the highest term (if any replica
/// says it leads), and that leader's commit and applied index.
/// </summary>
internal sealed record RaftGroupSummary(int Group, int? LeaderReplica, string? LeaderSilo, ulong Term, ulong CommitIndex, ulong AppliedIndex, IReadOnlyList<RaftReplicaReading> Replicas)
{
    public static IReadOnlyList<RaftGroupSummary> Summarize(IReadOnlyList<RaftReplicaReading> readings, int groups) =>
        [.. Enumerable.Range(0, groups).Select(group => Summarize(group, [.. readings.Where(r => r.Group == group).OrderBy(r => r.Replica)]))];

    private static RaftGroupSummary Summarize(int group, IReadOnlyList<RaftReplicaReading> replicas)
    {
        var leader = replicas.Where(r => r.IsLeader).OrderByDescending(r => r.Status!.Term).FirstOrDefault()?.Status;
        var term = replicas.Select(r => r.Status?.Term ?? 0).DefaultIfEmpty(0UL).Max();
        return leader is null
            ? new RaftGroupSummary(group, null, null, term, 0, 0, replicas)
            : new RaftGroupSummary(group, leader.Replica, leader.Silo, leader.Term, leader.CommitIndex, leader.AppliedIndex, replicas);
    }
}
