using OrleansSync.Grains.Raft;
using OrleansSync.Simulation.Storage;
using OrleansSync.Simulation.Workloads.Locks;
using OrleansSync.Simulation.Workloads.Queues;

namespace OrleansSync.Simulation.Cluster;

/// <summary>
/// Deliberate bugs for the teeth tests, all outside the production core: a message rewriter on
/// the network, a disk factory, and the host's read path. <see cref="None"/> is the honest system.
/// </summary>
internal sealed record FaultInjection
{
    public static FaultInjection None { get; } = new();

    /// <summary>A name for reports.</summary>
    public string Name { get; init; } = "none";

    /// <summary>Rewrites (or drops, by returning null) every Raft message as it is sent.</summary>
    public Func<RaftMessage, RaftMessage?>? RewriteMessage { get; init; }

    /// <summary>Creates each node's disk, given a seeded random source of its own.</summary>
    public Func<Random, SimulatedDisk> CreateDisk { get; init; } = _ => new SimulatedDisk();

    public ReadPath ReadPath { get; init; } = ReadPath.ReadIndex;

    /// <summary>A bug planted in the lock workload's state machine wrapper (no effect on other workloads).</summary>
    public LockFault LockFault { get; init; } = LockFault.None;

    /// <summary>A bug planted in the queue workload's state machine wrapper (no effect on other workloads).</summary>
    public QueueFault QueueFault { get; init; } = QueueFault.None;

    /// <summary>A bug planted in the cache workload's hosts (no effect on other workloads).</summary>
    public Workloads.Cache.CacheFault CacheFault { get; init; } = Workloads.Cache.CacheFault.None;
}
