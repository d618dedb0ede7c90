namespace OrleansSync.Grains.Queues;

/// <summary>A queue as one group knows it: its replicated options and the partition objects used here.</summary>
internal sealed class QueueDefinition(string name, QueueOptions options)
{
    public string Name { get; } = name;

    /// <summary>Resolved: <see cref="QueueOptions.DeadLetterQueue"/> is never null.</summary>
    public QueueOptions Options { get; } = options;

    /// <summary>Created on first use, by partition number.</summary>
    public SortedDictionary<int, QueuePartition> Partitions { get; } = [];
}
