namespace OrleansSync.Grains.Locks.Client;

/// <summary>How a <see cref="DistributedLockClient"/> reaches the lock groups and keeps its leases.</summary>
public sealed class DistributedLockClientOptions
{
    public const int DefaultLeaseTtlMs = 30_000;
    public const int DefaultPollIntervalMs = 20;
    public const int DefaultNotificationWaitMs = 2_000;
    public const int DefaultRequestTimeoutMs = 15_000;
    public const int DefaultSessionsPerGroup = 8;
    public const int DefaultAttemptTimeoutMs = 500;
    public const int DefaultTimedOutReplicaAvoidanceMs = 600;
    public const int MaxSessionsPerGroup = 256;

    /// <summary>Raft groups of the cluster (must match the silos' <c>RaftPeerOptions.GroupCount</c>).</summary>
    public int GroupCount { get; set; } = Raft.Hosting.RaftPeerOptions.DefaultGroupCount;

    /// <summary>Replicas per group (must match the silos' <c>RaftPeerOptions.ReplicaCount</c>).</summary>
    public int ReplicaCount { get; set; } = Raft.Hosting.RaftPeerOptions.DefaultReplicaCount;

    /// <summary>Lease time-to-live; the client keeps it alive every third of it.</summary>
    public long LeaseTtlMs { get; set; } = DefaultLeaseTtlMs;

    /// <summary>Back-off between retries when a group's peers are unreachable (requests and waits alike).</summary>
    public int PollIntervalMs { get; set; } = DefaultPollIntervalMs;

    /// <summary>
    /// Longest single long-poll of a queued acquire on the leader. The leader answers as soon as
    /// the request ends; past this the client re-reads the lock linearizably and polls again.
    /// Must stay below the client's grain call timeout.
    /// </summary>
    public int NotificationWaitMs { get; set; } = DefaultNotificationWaitMs;

    /// <summary>How long one command may take, across leader changes and retries, before it fails.</summary>
    public int RequestTimeoutMs { get; set; } = DefaultRequestTimeoutMs;

    /// <summary>
    /// How long one call to one replica may go unanswered before the client tries the next replica
    /// (doubling on each timeout of that same replica within a request). A call to a replica on a silo that just
    /// died is not answered until Orleans declares the silo dead, seconds later; this bound is what
    /// lets a request reach the new leader within a second of the old one's death.
    /// </summary>
    public int AttemptTimeoutMs { get; set; } = DefaultAttemptTimeoutMs;

    /// <summary>
    /// How long a replica that let an attempt time out is skipped, hints naming it included
    /// (ADR 0053). The survivors of a dead leader keep naming it until they elect another, which
    /// takes one election timeout (hosts: at most 12 ticks of 50 ms); a slow but live leader is
    /// asked again once this passes. 0 turns the avoidance off.
    /// </summary>
    public int TimedOutReplicaAvoidanceMs { get; set; } = DefaultTimedOutReplicaAvoidanceMs;

    /// <summary>
    /// Client sessions this client opens at most per group, each with one command in flight: so
    /// many commands of this client to one group run at once. Sessions open only when the ones
    /// open are all busy (a client used by one caller at a time opens one); a shared client such
    /// as a silo's HTTP front door needs several, or its callers queue behind each other.
    /// </summary>
    public int SessionsPerGroup { get; set; } = DefaultSessionsPerGroup;

    /// <summary>Names this client in wait-for graphs; one sequential line of control per owner.</summary>
    public string Owner { get; set; } = "client-" + Guid.NewGuid().ToString("N");

    public void Validate()
    {
        Require(GroupCount is >= 1 and <= Raft.Hosting.RaftPeerOptions.MaxGroupCount, nameof(GroupCount), GroupCount);
        Require(ReplicaCount is >= 1 and <= 7, nameof(ReplicaCount), ReplicaCount);
        Require(LeaseTtlMs >= 1_000, nameof(LeaseTtlMs), LeaseTtlMs);
        Require(PollIntervalMs >= 1, nameof(PollIntervalMs), PollIntervalMs);
        Require(RequestTimeoutMs >= 100, nameof(RequestTimeoutMs), RequestTimeoutMs);
        Require(NotificationWaitMs is >= 1 and <= 10_000, nameof(NotificationWaitMs), NotificationWaitMs);
        Require(AttemptTimeoutMs is >= 10 and <= 60_000, nameof(AttemptTimeoutMs), AttemptTimeoutMs);
        Require(TimedOutReplicaAvoidanceMs is >= 0 and <= 60_000, nameof(TimedOutReplicaAvoidanceMs), TimedOutReplicaAvoidanceMs);
        Require(SessionsPerGroup is >= 1 and <= MaxSessionsPerGroup, nameof(SessionsPerGroup), SessionsPerGroup);
        Require(!string.IsNullOrEmpty(Owner) && Owner.Length <= 256, nameof(Owner), Owner);
    }

    private static void Require(bool condition, string name, object value)
    {
        if (!condition)
        {
            throw new ArgumentOutOfRangeException(name, value, $"DistributedLockClientOptions.{name} is out of range.");
        }
    }
}
