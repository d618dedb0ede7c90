using OrleansSync.Grains.Locks.Client;

namespace OrleansSync.Grains.Queues.Client;

/// <summary>How a <see cref="DistributedQueueClient"/> reaches the cluster's Raft groups.</summary>
public sealed class DistributedQueueClientOptions
{
    /// <summary>Raft groups of the cluster (must match the silos' <c>RaftPeerOptions.GroupCount</c>).</summary>
    public int GroupCount { get; set; } = Raft.Hosting.RaftPeerOptions.DefaultGroupCount;

    /// <summary>Replicas per group (must match the silos' <c>RaftPeerOptions.ReplicaCount</c>).</summary>
    public int ReplicaCount { get; set; } = Raft.Hosting.RaftPeerOptions.DefaultReplicaCount;

    /// <summary>Back-off between retries when a group's peers are unreachable.</summary>
    public int PollIntervalMs { get; set; } = DistributedLockClientOptions.DefaultPollIntervalMs;

    /// <summary>
    /// Longest single long-poll on a leader while a receive waits; past it the client asks again
    /// (the wait in the group goes on). Must stay below the client's grain call timeout.
    /// </summary>
    public int NotificationWaitMs { get; set; } = 5_000;

    /// <summary>
    /// Client sessions opened at most per group, each with one command in flight: so many sends,
    /// receives or acks of this client to one group run at once; more callers queue. A client
    /// shared by many producers and consumers wants about as many as it has concurrent callers per group.
    /// </summary>
    public int SessionsPerGroup { get; set; } = DistributedLockClientOptions.DefaultSessionsPerGroup;

    /// <summary>How long one command may take, across leader changes and retries, before it fails.</summary>
    public int RequestTimeoutMs { get; set; } = DistributedLockClientOptions.DefaultRequestTimeoutMs;

    public void Validate() => ToChannelOptions().Validate();

    /// <summary>The group channel is shared with the lock client, which takes its settings in this form.</summary>
    internal DistributedLockClientOptions ToChannelOptions() => new()
    {
        GroupCount = GroupCount,
        ReplicaCount = ReplicaCount,
        PollIntervalMs = PollIntervalMs,
        NotificationWaitMs = NotificationWaitMs,
        RequestTimeoutMs = RequestTimeoutMs,
        SessionsPerGroup = SessionsPerGroup,
    };
}
