namespace OrleansSync.Grains.Queues;

/// <summary>
/// One queue as one group knows it: its partition count (replicated options, the same in every
/// group) and the stats of the partitions used in this group. A partition of the queue that this
/// group hosts but nobody has used yet is absent here and empty.
/// </summary>
public sealed record QueueListingEntry(string Name, int Partitions, IReadOnlyList<QueuePartitionStats> UsedPartitions);
