namespace OrleansSync.Grains.Interfaces.Cluster;

/// <summary>One Raft group: its current configuration, its leader (if a reachable replica leads) and every member's report.</summary>
/// <param name="Group">Group index.</param>
/// <param name="LeaderReplica">The reachable replica that leads in the highest term seen, or -1.</param>
/// <param name="Term">Highest term among the reachable replicas.</param>
/// <param name="CommitIndex">The leader's commit index, or the highest reported when there is no leader.</param>
/// <param name="Replicas">Every member (voters and learners), in replica order.</param>
/// <param name="Voters">Voter replica ids of the group's current configuration (not <c>0..R-1</c> once replicas were replaced, ADR 0008).</param>
/// <param name="Learners">Learner replica ids of that configuration: replacements still catching up.</param>
[GenerateSerializer]
public sealed record RaftGroupStatus(
    [property: Id(0)] int Group,
    [property: Id(1)] int LeaderReplica,
    [property: Id(2)] ulong Term,
    [property: Id(3)] ulong CommitIndex,
    [property: Id(4)] IReadOnlyList<RaftReplicaStatus> Replicas,
    [property: Id(5)] int[] Voters,
    [property: Id(6)] int[] Learners)
{
    /// <summary>
    /// Sums up a group from its members' reports: the leader is the reachable replica that says it
    /// leads in the highest term any reachable replica reports (a deposed leader of an older term
    /// that has not heard the news yet is not it).
    /// </summary>
    public static RaftGroupStatus FromReplicas(int group, IReadOnlyList<RaftReplicaStatus> replicas, int[] voters, int[] learners)
    {
        ArgumentNullException.ThrowIfNull(replicas);
        var reachable = replicas.Where(r => r.Reachable).ToList();
        var term = reachable.Count == 0 ? 0 : reachable.Max(r => r.Term);
        var leader = reachable.FirstOrDefault(r => r.Role == "Leader" && r.Term == term);
        var commit = leader?.CommitIndex ?? (reachable.Count == 0 ? 0 : reachable.Max(r => r.CommitIndex));
        return new RaftGroupStatus(group, leader?.Replica ?? -1, term, commit, replicas, voters, learners);
    }
}
