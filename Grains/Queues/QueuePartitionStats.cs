namespace OrleansSync.Grains.Queues;

/// <summary>The stats of partition <paramref name="Partition"/> of a queue, as the group hosting it read them.</summary>
public sealed record QueuePartitionStats(int Partition, QueueStats Stats);
