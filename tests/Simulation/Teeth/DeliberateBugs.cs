using OrleansSync.Grains.Raft;
using OrleansSync.Simulation.Cluster;
using OrleansSync.Simulation.Workloads.Locks;
using OrleansSync.Simulation.Workloads.Queues;

namespace OrleansSync.Simulation.Teeth;

/// <summary>
/// Bugs planted on purpose to prove the simulator and its checkers have teeth. None touches the
/// production core: each rewrites messages on the wire, swaps the disk, or changes the host's read path.
/// </summary>
internal static class DeliberateBugs
{
    /// <summary>
    /// Voters grant without the "candidate's log is at least as up-to-date" check (§5.4.1): every
    /// RequestVote (and PreVote) claims a last entry no voter can beat. A stale node can then win
    /// and overwrite committed entries.
    /// </summary>
    public static FaultInjection VoteWithoutLogCheck { get; } = new()
    {
        Name = "vote-without-log-check",
        RewriteMessage = message => message is RequestVote vote
            ? vote with { LastLogTerm = vote.Term, LastLogIndex = ulong.MaxValue / 2 }
            : message,
    };

    /// <summary>
    /// The leader tells followers that everything it sends is already committed, so they apply
    /// entries no majority holds yet; a later leader overwrites some of them.
    /// </summary>
    public static FaultInjection PrematureCommit { get; } = new()
    {
        Name = "premature-commit",
        RewriteMessage = message => message is AppendEntries { Entries.Count: > 0 } append
            ? append with { LeaderCommit = Math.Max(append.LeaderCommit, append.Entries[^1].Index) }
            : message,
    };

    /// <summary>A disk whose fsync returns before the data is durable: a crash loses acknowledged votes and entries.</summary>
    public static FaultInjection AcknowledgeBeforeFsync { get; } = new()
    {
        Name = "acknowledge-before-fsync",
        CreateDisk = random => new AcknowledgeBeforeFsyncDisk(random),
    };

    /// <summary>Storage that drops the vote from the hard state: after a restart a node may vote twice in one term.</summary>
    public static FaultInjection ForgetVote { get; } = new()
    {
        Name = "forget-vote",
        CreateDisk = _ => new ForgetVoteDisk(),
    };

    /// <summary>A node that believes it leads serves reads locally without ReadIndex: a deposed leader answers stale data.</summary>
    public static FaultInjection StaleLeaderRead { get; } = new()
    {
        Name = "stale-leader-read",
        ReadPath = ReadPath.LocalReadOnLeaderBug,
    };

    /// <summary>Lock workload: a shared acquire is granted although another lease holds the lock exclusively.</summary>
    public static FaultInjection LockSharedBesideExclusive { get; } = new()
    {
        Name = "lock-shared-beside-exclusive",
        LockFault = LockFault.SharedBesideExclusive,
    };

    /// <summary>Lock workload: a grant reports an old fencing token instead of a new one.</summary>
    public static FaultInjection LockReuseFencingToken { get; } = new()
    {
        Name = "lock-reuse-fencing-token",
        LockFault = LockFault.ReuseFencingToken,
    };

    /// <summary>Queue workload: an ack with a stale receipt deletes the message when it is in flight under a newer delivery.</summary>
    public static FaultInjection QueueStaleReceiptDeletes { get; } = new()
    {
        Name = "queue-stale-receipt-deletes",
        QueueFault = QueueFault.StaleReceiptDeletes,
    };

    /// <summary>Queue workload: sends lose their dedup ids, so repeats within the window enqueue again.</summary>
    public static FaultInjection QueueDedupIgnored { get; } = new()
    {
        Name = "queue-dedup-ignored",
        QueueFault = QueueFault.DedupIgnored,
    };

    /// <summary>Queue workload: a nack deletes the message (applied as an ack) and answers success.</summary>
    public static FaultInjection QueueNackDeletes { get; } = new()
    {
        Name = "queue-nack-deletes",
        QueueFault = QueueFault.NackDeletes,
    };

    /// <summary>Queue workload: each replica runs visibility, delays and windows on its own skewed clock, not the committed time.</summary>
    public static FaultInjection QueueLocalClock { get; } = new()
    {
        Name = "queue-local-clock",
        QueueFault = QueueFault.LocalClock,
    };

    /// <summary>Cache workload: the directory host counts one invalidation ack as every holder's.</summary>
    public static FaultInjection CacheAckBeforeAllInvalidations { get; } = new()
    {
        Name = "cache-ack-before-all-invalidations",
        CacheFault = Workloads.Cache.CacheFault.AckBeforeAllInvalidations,
    };

    /// <summary>Cache workload: a silo serves a read from its last value after the line's lease lapsed.</summary>
    public static FaultInjection CacheReadLapsedCopy { get; } = new()
    {
        Name = "cache-read-lapsed-copy",
        CacheFault = Workloads.Cache.CacheFault.ReadLapsedCopy,
    };

    /// <summary>Cache workload: near caches keep reading until the lease's end on their own clock (1 ms allowance) under 4-5% drift.</summary>
    public static FaultInjection CacheIgnoreDriftAllowance { get; } = new()
    {
        Name = "cache-ignore-drift-allowance",
        CacheFault = Workloads.Cache.CacheFault.IgnoreDriftAllowance,
    };

    public static IReadOnlyList<FaultInjection> All { get; } =
    [
        VoteWithoutLogCheck, PrematureCommit, AcknowledgeBeforeFsync, ForgetVote, StaleLeaderRead, LockSharedBesideExclusive, LockReuseFencingToken,
        QueueStaleReceiptDeletes, QueueDedupIgnored, QueueNackDeletes, QueueLocalClock,
        CacheAckBeforeAllInvalidations, CacheReadLapsedCopy, CacheIgnoreDriftAllowance,
    ];

    public static FaultInjection? Find(string name) => All.FirstOrDefault(bug => bug.Name == name);
}
