using OrleansSync.Grains.Cluster;
namespace OrleansSync.Silo.Status;

/// <summary>
/// One Raft group as its current members report it: its voters and learners (replica ids change
/// as replicas are replaced, ADR 0008), the leader with the highest term (if any member says it
/// leads), and that leader's commit and applied index.
/// </summary>
internal sealed record RaftGroupSummary(
    int Group,
    int? LeaderReplica,
    string? LeaderSilo,
    ulong Term,
    ulong CommitIndex,
    ulong AppliedIndex,
    IReadOnlyList<int> Voters,
    IReadOnlyList<int> Learners,
    IReadOnlyList<RaftReplicaReading> Replicas)
{
    public static RaftGroupSummary Summarize(RaftGroupReading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        var replicas = reading.Replicas;
        var leader = replicas.Where(r => r.IsLeader).OrderByDescending(r => r.Status!.Term).FirstOrDefault()?.Status;
        var term = replicas.Select(r => r.Status?.Term ?? 0).DefaultIfEmpty(0UL).Max();
        return leader is null
            ? new RaftGroupSummary(reading.Group, null, null, term, 0, 0, reading.Voters, reading.Learners, replicas)
            : new RaftGroupSummary(reading.Group, leader.Replica, leader.Silo, leader.Term, leader.CommitIndex, leader.AppliedIndex, reading.Voters, reading.Learners, replicas);
    }
}
