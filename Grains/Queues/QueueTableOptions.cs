namespace OrleansSync.Grains.Queues;

/// <summary>Bounds of one group's <see cref="QueueTable"/>, the same on every replica (they are part of the state machine's definition).</summary>
public sealed record QueueTableOptions
{
    public const int DefaultMaxQueues = 1_024;
    public const int DefaultMaxPartitionObjects = 4_096;
    public const int DefaultMaxMessagesPerPartition = 100_000;
    public const int DefaultMaxWaitsPerPartition = 1_024;

    /// <summary>Queues this group may know.</summary>
    public int MaxQueues { get; init; } = DefaultMaxQueues;

    /// <summary>Partition objects (a queue's partitions that were used here) this group may hold.</summary>
    public int MaxPartitionObjects { get; init; } = DefaultMaxPartitionObjects;

    /// <summary>Messages one partition may hold, main queue and dead letters together; beyond it a send is <see cref="QueueErrorCode.QueueFull"/>.</summary>
    public int MaxMessagesPerPartition { get; init; } = DefaultMaxMessagesPerPartition;

    /// <summary>Long-poll waits one partition may hold; a receive beyond it answers empty at once instead of waiting.</summary>
    public int MaxWaitsPerPartition { get; init; } = DefaultMaxWaitsPerPartition;

    /// <summary>Throws unless every bound is positive.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxQueues, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPartitionObjects, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxMessagesPerPartition, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxWaitsPerPartition, 1);
    }
}
