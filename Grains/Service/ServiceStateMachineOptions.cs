using OrleansSync.Grains.Cache;
using OrleansSync.Grains.Locks;
using OrleansSync.Grains.Queues;

namespace OrleansSync.Grains.Service;

/// <summary>The bounds of each primitive in a Raft group; every silo of a cluster must use the same.</summary>
public sealed class ServiceStateMachineOptions
{
    public LockTableOptions Locks { get; init; } = new();

    public QueueTableOptions Queues { get; init; } = new();

    internal CacheDirectoryOptions Cache { get; init; } = new();
}
