namespace OrleansSync.Grains.Raft.Hosting;

/// <summary>How a silo hosts Raft peers: group layout, tick rate, bounds and where logs live.</summary>
public sealed class RaftPeerOptions
{
    public const int DefaultGroupCount = 8;
    public const int DefaultReplicaCount = 3;
    public const int MaxGroupCount = 1_024;
    public const int DefaultTickIntervalMs = 50;
    public const int DefaultProposalTimeoutMs = 10_000;
    public const int DefaultMaxPendingProposals = 4_096;
    public const int DefaultMaxInflightSendsPerPeer = 64;
    public const int DefaultCompactionThresholdEntries = 10_000;
    public const int DefaultMembershipCheckTicks = 10;
    public const bool DefaultReplaceReplicas = true;
    public const int DefaultFormationGraceMs = 30_000;
    public const int DefaultWalSyncThreads = 8;

    /// <summary>
    /// The hosts' election timeout: 6 ticks of 50 ms, so a follower campaigns 300 to 600 ms after
    /// its leader's silo dies, and grants resume within a second (issue 12); the core's default
    /// (10 ticks, 0.5 to 1 s) left too little of that second for the vote and the first commit.
    /// Still 6 heartbeats (one per tick) per timeout, and PreVote with CheckQuorum keeps a late
    /// heartbeat from deposing a live leader.
    /// </summary>
    public const int DefaultElectionTimeoutTicks = 6;

    /// <summary>Number of Raft groups G (keys map to groups by consistent hashing); at most <see cref="MaxGroupCount"/>.</summary>
    public int GroupCount { get; set; } = DefaultGroupCount;

    /// <summary>Replicas R per group (odd, 1 to 7).</summary>
    public int ReplicaCount { get; set; } = DefaultReplicaCount;

    /// <summary>Milliseconds per Raft tick (election and heartbeat timeouts are counted in ticks).</summary>
    public int TickIntervalMs { get; set; } = DefaultTickIntervalMs;

    /// <summary>How long a proposal or read waits to be applied before its outcome is reported unknown.</summary>
    public int ProposalTimeoutMs { get; set; } = DefaultProposalTimeoutMs;

    /// <summary>Proposals and reads in flight per peer; past it callers get <c>Overloaded</c>.</summary>
    public int MaxPendingProposals { get; set; } = DefaultMaxPendingProposals;

    /// <summary>Unanswered message batches per destination peer; more are dropped (Raft retransmits).</summary>
    public int MaxInflightSendsPerPeer { get; set; } = DefaultMaxInflightSendsPerPeer;

    public const string DefaultDataDirectory = "data/raft";

    /// <summary>Applied entries kept in the log before the peer snapshots its state machine and compacts.</summary>
    public int CompactionThresholdEntries { get; set; } = DefaultCompactionThresholdEntries;

    /// <summary>
    /// This silo's directory for its peers' file WALs, one sub-directory per replica key. Each WAL
    /// holds an exclusive lock file: a second activation of the same replica cannot open it.
    /// </summary>
    /// <remarks>
    /// It need not be shared between silos. A replica that Orleans re-activates on a silo without
    /// its log finds its birth record (<see cref="Births.IReplicaBirthRegistry"/>) and starts inert, never
    /// voting or acknowledging from a log it does not have; the leader replaces it under a fresh id
    /// (ADR 0008, 0011).
    /// </remarks>
    public string DataDirectory { get; set; } = DefaultDataDirectory;

    /// <summary>
    /// Directory of the replicas' birth records when they are files (<see cref="Births.FileReplicaBirthRegistry"/>):
    /// every silo of the cluster must see the same one. Null: <c>{DataDirectory}/births</c>, right
    /// when the silos share <see cref="DataDirectory"/>.
    /// </summary>
    public string? BirthDirectory { get; set; }

    /// <summary>Ticks between the leader's checks for lost or co-located replicas (each check takes at most one membership step).</summary>
    public int MembershipCheckTicks { get; set; } = DefaultMembershipCheckTicks;

    /// <summary>
    /// Whether leaders replace replicas whose silo left, or that share a silo with another replica of
    /// the group, by a membership change under a fresh replica id (ADR 0008).
    /// </summary>
    public bool ReplaceReplicas { get; set; } = DefaultReplaceReplicas;

    /// <summary>
    /// How long a starting silo's own background readers of Raft groups wait for the cluster to have
    /// <see cref="ReplicaCount"/> active silos before they call groups anyway (<see cref="Grains.Hosting.RaftClusterFormation"/>).
    /// </summary>
    public int FormationGraceMs { get; set; } = DefaultFormationGraceMs;

    /// <summary>
    /// Dedicated threads of this silo that run its peers' WAL fsyncs (<see cref="RaftWalSyncer"/>):
    /// enough for the silo's replicas to sync at once, which the file system folds into fewer journal commits.
    /// </summary>
    public int WalSyncThreads { get; set; } = DefaultWalSyncThreads;

    /// <summary>
    /// The consensus core's own limits and timeouts. Hosts elect sooner than the core's default
    /// (ADR 0051) and send no appends for a new commit index alone (ADR 0052): followers learn it
    /// with the next append or heartbeat, one tick later at most.
    /// </summary>
    public RaftOptions Raft { get; set; } = new() { ElectionTimeoutTicks = DefaultElectionTimeoutTicks, CommitIndexBroadcast = false };

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first option out of range.</summary>
    public void Validate()
    {
        Require(GroupCount is >= 1 and <= MaxGroupCount, nameof(GroupCount), GroupCount, $"must be 1 to {MaxGroupCount}");
        Require(ReplicaCount is >= 1 and <= 7 && ReplicaCount % 2 == 1, nameof(ReplicaCount), ReplicaCount, "must be odd, 1 to 7");
        Require(TickIntervalMs is >= 1 and <= 10_000, nameof(TickIntervalMs), TickIntervalMs, "must be 1 to 10000 ms");
        Require(ProposalTimeoutMs >= TickIntervalMs, nameof(ProposalTimeoutMs), ProposalTimeoutMs, "must be at least one tick");
        Require(MaxPendingProposals >= 1, nameof(MaxPendingProposals), MaxPendingProposals, "must be positive");
        Require(CompactionThresholdEntries >= 1, nameof(CompactionThresholdEntries), CompactionThresholdEntries, "must be positive");
        Require(MembershipCheckTicks is >= 1 and <= 100_000, nameof(MembershipCheckTicks), MembershipCheckTicks, "must be 1 to 100000");
        Require(FormationGraceMs is >= 0 and <= 600_000, nameof(FormationGraceMs), FormationGraceMs, "must be 0 to 600000 ms");
        Require(WalSyncThreads is >= 1 and <= 64, nameof(WalSyncThreads), WalSyncThreads, "must be 1 to 64");
        Require(MaxInflightSendsPerPeer >= 1, nameof(MaxInflightSendsPerPeer), MaxInflightSendsPerPeer, "must be positive");
        Require(!string.IsNullOrWhiteSpace(DataDirectory), nameof(DataDirectory), DataDirectory ?? "(null)", "must name a directory");
        ArgumentNullException.ThrowIfNull(Raft);
    }

    private static void Require(bool condition, string name, object value, string rule)
    {
        if (!condition)
        {
            throw new ArgumentOutOfRangeException(name, value, $"RaftPeerOptions.{name} {rule}.");
        }
    }
}
