namespace OrleansSync.Silo.Ui;

/// <summary>One sample of the cluster as this silo saw it.</summary>
/// <param name="At">When it was taken.</param>
/// <param name="ActiveSilos">Active silos in this silo's membership view.</param>
/// <param name="GroupsWithLeader">Raft groups some replica leads.</param>
/// <param name="CommitIndexes">Each group's leader commit index (null: no leader), in group order; their growth is the rate of log entries.</param>
/// <param name="Locks">Locks held or waited on, over all groups (null: not sampled, or some group did not answer).</param>
/// <param name="Leases">Open leases, over all groups (null likewise).</param>
internal sealed record UiSample(DateTimeOffset At, int ActiveSilos, int GroupsWithLeader, IReadOnlyList<ulong?> CommitIndexes, int? Locks, int? Leases)
{
    /// <summary>Each group's leader replica (null: none), in group order: the counters below are that replica's, so a rate needs the same leader in two samples.</summary>
    public IReadOnlyList<int?> LeaderReplicas { get; init; } = [];

    /// <summary>Each group's leader's proposals committed since its activation (<see cref="Grains.Interfaces.Raft.RaftPeerStatus.ProposalsCommitted"/>).</summary>
    public IReadOnlyList<ulong?> ProposalsCommitted { get; init; } = [];

    /// <summary>Each group's leader's summed arrival-to-commit milliseconds of those proposals.</summary>
    public IReadOnlyList<double?> CommitLatencyMsTotals { get; init; } = [];

    /// <summary>Messages in every queue (visible, in flight, delayed, dead-lettered; null: not sampled, or some group did not answer).</summary>
    public long? QueueMessages { get; init; }

    /// <summary>Messages ever sent to the queues that exist now (a counter; null likewise).</summary>
    public long? QueueSent { get; init; }

    /// <summary>Messages ever acked in the queues that exist now (a counter; null likewise).</summary>
    public long? QueueAcked { get; init; }

    /// <summary>The first <see cref="UiHistory.MaxSampledQueues"/> queues by name (null: not sampled, or some group did not answer).</summary>
    public IReadOnlyList<UiQueueSample>? Queues { get; init; }

    /// <summary>Live near-cache lines over the active silos (M, E and S; null: not sampled, or some silo did not answer).</summary>
    public int? CacheLines { get; init; }

    /// <summary>Near-cache hits over the active silos (counters since each silo's near cache activated; null likewise).</summary>
    public long? CacheHits { get; init; }

    /// <summary>Near-cache misses over the active silos (null likewise).</summary>
    public long? CacheMisses { get; init; }
}
