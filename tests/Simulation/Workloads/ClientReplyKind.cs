namespace OrleansSync.Simulation.Workloads;

/// <summary>What a node answered a client.</summary>
internal enum ClientReplyKind
{
    /// <summary>The operation's result.</summary>
    Answer = 1,

    /// <summary>This node cannot serve it; try the hinted leader (or another node).</summary>
    NotLeader = 2,

    /// <summary>The proposal was lost to a leader change, or the session table was full; retry.</summary>
    Dropped = 3,

    /// <summary>A register committed: the reply carries the new session id.</summary>
    Registered = 4,

    /// <summary>
    /// The session expired (or the retry's stored answer is gone): the write may or may not have been
    /// applied by an earlier attempt, so its outcome stays unknown; the client opens a new session.
    /// </summary>
    SessionLost = 5,
}
