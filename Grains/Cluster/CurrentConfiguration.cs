using OrleansSync.Grains.Interfaces.Raft;

namespace OrleansSync.Grains.Cluster;

/// <summary>Which of the answers a group reader collected describes the group's current configuration.</summary>
internal static class CurrentConfiguration
{
    /// <summary>
    /// The leader of the highest term, if any answer is a leader: only a leader's configuration is
    /// known to be the group's. Others can be far behind or never current: an orphan learner whose
    /// addition never committed names ids above the real members', and a replica that came back
    /// with an old log and was never told it was removed names members long gone. Without a
    /// leader, the highest term, then commit, then member id (ids only grow). Removed and inert
    /// replicas are not members, and a replacement that has not received its configuration names
    /// none: neither counts.
    /// </summary>
    public static RaftPeerStatus? Choose(IEnumerable<RaftPeerStatus> statuses) => statuses
        .Where(s => s.Voters.Length > 0 && !IsInert(s))
        .OrderByDescending(s => s.Role == "Leader")
        .ThenByDescending(s => s.Term)
        .ThenByDescending(s => s.CommitIndex)
        .ThenByDescending(s => s.Voters.Concat(s.Learners).Max())
        .FirstOrDefault();

    /// <summary>A removed replica (tombstone) or one activated without its log: it names at most a hint.</summary>
    public static bool IsInert(RaftPeerStatus status) => status.Role is "Removed" or "Lost";
}
