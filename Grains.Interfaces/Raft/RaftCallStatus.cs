namespace OrleansSync.Grains.Interfaces.Raft;

/// <summary>How a call into a Raft peer ended. Stable numbers: never renumber, only append.</summary>
public enum RaftCallStatus : byte
{
    /// <summary>Committed and applied (a proposal), or read after a confirmed ReadIndex (a query).</summary>
    Ok = 1,

    /// <summary>This peer is not the leader; <see cref="RaftCallOutcome.LeaderReplica"/> hints at who is (-1 if unknown).</summary>
    NotLeader = 2,

    /// <summary>The peer has too many proposals or reads in flight: back off and retry.</summary>
    Overloaded = 3,

    /// <summary>The command or query was refused before replication (too large, malformed).</summary>
    Rejected = 4,

    /// <summary>
    /// The outcome is unknown: leadership changed or the wait timed out after the proposal entered
    /// the log. It may still commit; retry with the same session sequence to learn the result exactly once.
    /// </summary>
    Unknown = 5,
}
