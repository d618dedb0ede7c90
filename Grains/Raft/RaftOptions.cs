namespace OrleansSync.Grains.Raft;

/// <summary>
/// Limits and timings of one <see cref="RaftNode"/>. Times are in ticks (the host decides how long
/// a tick is); sizes are in bytes as counted by <see cref="LogEntry.SizeBytes"/>.
/// Checked by <see cref="RaftOptionsValidator"/> when a node is constructed.
/// </summary>
public sealed class RaftOptions
{
    public const int DefaultElectionTimeoutTicks = 10;
    public const int DefaultHeartbeatIntervalTicks = 1;
    public const int DefaultMaxEntryBytes = 1024 * 1024;
    public const int DefaultMaxAppendBytes = 4 * 1024 * 1024;
    public const int DefaultMaxEntriesPerAppend = 4096;
    public const int DefaultMaxInflightAppends = 64;
    public const int DefaultMaxUncommittedEntries = 16 * 1024;
    public const int DefaultMaxCommittedBytesPerReady = 16 * 1024 * 1024;
    public const int DefaultSnapshotChunkBytes = 512 * 1024;
    public const int DefaultMaxSnapshotBytes = 1024 * 1024 * 1024;
    public const int DefaultMaxPendingReadIndexRequests = 4096;
    public const int DefaultMaxPromotionLagEntries = 64;
    public const int DefaultMaxInMemoryLogEntries = 1024 * 1024;
    public const bool DefaultPreVote = true;
    public const bool DefaultCheckQuorum = true;
    public const bool DefaultBatchingEnabled = true;
    public const bool DefaultCommitIndexBroadcast = true;

    /// <summary>
    /// Base election timeout in ticks. A follower or candidate waits a random number of ticks in
    /// [ElectionTimeoutTicks, 2 * ElectionTimeoutTicks) without hearing from a leader before it
    /// campaigns; a CheckQuorum leader checks its quorum once per ElectionTimeoutTicks.
    /// Must exceed <see cref="HeartbeatIntervalTicks"/> by at least a factor of 2.
    /// </summary>
    public int ElectionTimeoutTicks { get; set; } = DefaultElectionTimeoutTicks;

    /// <summary>Ticks between a leader's heartbeats. At least 1.</summary>
    public int HeartbeatIntervalTicks { get; set; } = DefaultHeartbeatIntervalTicks;

    /// <summary>Largest entry a proposal may create, payload plus <see cref="LogEntry.HeaderSizeBytes"/>.</summary>
    public int MaxEntryBytes { get; set; } = DefaultMaxEntryBytes;

    /// <summary>
    /// Largest total entry size in one AppendEntries message. A single entry larger than this is
    /// still sent alone, so it must be at least <see cref="MaxEntryBytes"/>.
    /// </summary>
    public int MaxAppendBytes { get; set; } = DefaultMaxAppendBytes;

    /// <summary>Most entries in one AppendEntries message (1 turns batching off).</summary>
    public int MaxEntriesPerAppend { get; set; } = DefaultMaxEntriesPerAppend;

    /// <summary>
    /// When true, proposals made between two <see cref="Ready"/> batches go out together in one
    /// AppendEntries per follower; when false, every proposal is sent at once in its own message
    /// of one entry. A switch for benchmarks comparing the two.
    /// </summary>
    public bool BatchingEnabled { get; set; } = DefaultBatchingEnabled;

    /// <summary>Most AppendEntries messages in flight (sent, not acknowledged) to one follower.</summary>
    public int MaxInflightAppends { get; set; } = DefaultMaxInflightAppends;

    /// <summary>Most entries a leader holds beyond its commit index; proposals beyond are rejected.</summary>
    public int MaxUncommittedEntries { get; set; } = DefaultMaxUncommittedEntries;

    /// <summary>Most bytes of committed entries handed out in one <see cref="Ready"/> (at least one entry is).</summary>
    public int MaxCommittedBytesPerReady { get; set; } = DefaultMaxCommittedBytesPerReady;

    /// <summary>Largest data chunk in one InstallSnapshot message.</summary>
    public int SnapshotChunkBytes { get; set; } = DefaultSnapshotChunkBytes;

    /// <summary>Largest snapshot a node accepts from the host or assembles from a leader's chunks.</summary>
    public int MaxSnapshotBytes { get; set; } = DefaultMaxSnapshotBytes;

    /// <summary>Most linearizable reads a leader holds while it waits for a heartbeat quorum.</summary>
    public int MaxPendingReadIndexRequests { get; set; } = DefaultMaxPendingReadIndexRequests;

    /// <summary>A learner is promoted only when it lags the leader's commit index by at most this many entries.</summary>
    public int MaxPromotionLagEntries { get; set; } = DefaultMaxPromotionLagEntries;

    /// <summary>
    /// Most entries the node keeps in memory after its snapshot. A leader whose log reaches this
    /// rejects proposals until the host calls <see cref="RaftNode.CompactLog"/>.
    /// Must exceed <see cref="MaxUncommittedEntries"/>.
    /// </summary>
    public int MaxInMemoryLogEntries { get; set; } = DefaultMaxInMemoryLogEntries;

    /// <summary>
    /// When true, a leader that advances its commit index tells every follower at once, in an
    /// append of its own (empty if nothing else is pending), as etcd's <c>bcastAppend</c> does.
    /// When false, the commit index rides on the next append each follower gets or on the next
    /// heartbeat, at most <see cref="HeartbeatIntervalTicks"/> later: half the messages per
    /// command. Only followers' apply waits for it (no answer, notification or election does), so
    /// either is safe; hosts turn it off (ADR 0052).
    /// </summary>
    public bool CommitIndexBroadcast { get; set; } = DefaultCommitIndexBroadcast;

    /// <summary>Run a PreVote round before a real election so that a partitioned node cannot inflate terms.</summary>
    public bool PreVote { get; set; } = DefaultPreVote;

    /// <summary>
    /// A leader steps down when it has not heard from a quorum within an election timeout, and a
    /// follower that heard from a leader within the (base) election timeout ignores vote requests.
    /// </summary>
    public bool CheckQuorum { get; set; } = DefaultCheckQuorum;

    /// <summary>A copy, so a node keeps its own options if the caller changes theirs.</summary>
    public RaftOptions Clone() => (RaftOptions)MemberwiseClone();
}
