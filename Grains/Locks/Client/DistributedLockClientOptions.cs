namespace OrleansSync.Grains.Locks.Client;

/// <summary>How a <see cref="DistributedLockClient"/> reaches the lock groups and keeps its leases.</summary>
public sealed class DistributedLockClientOptions
{
    public const int DefaultLeaseTtlMs = 30_000;
    public const int DefaultPollIntervalMs = 20;
    public const int DefaultNotificationWaitMs = 2_000;
    public const int DefaultRequestTimeoutMs = 15_000;

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
