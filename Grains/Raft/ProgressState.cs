namespace OrleansSync.Grains.Raft;

/// <summary>How the leader replicates to one follower (etcd's tracker states).</summary>
internal enum ProgressState
{
    /// <summary>The leader does not know where the follower's log matches: one append at a time until it does.</summary>
    Probe = 0,

    /// <summary>The logs match up to Match: appends are pipelined, bounded by the in-flight window.</summary>
    Replicate = 1,

    /// <summary>The follower needs entries the leader compacted: the leader streams its snapshot in chunks.</summary>
    Snapshot = 2,
}
