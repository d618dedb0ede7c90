namespace OrleansSync.Grains.Queues;

/// <summary>
/// Enqueues <paramref name="Messages"/> (1 to <see cref="QueueTable.MaxBatchMessages"/>) at the tail of
/// partition <paramref name="Partition"/>, all or none. The host chose the partition
/// (<see cref="QueuePartitionMap.PartitionOf(string, string, int, ulong)"/>) before routing the command to the partition's group.
/// </summary>
public sealed record SendCommand(string Queue, int Partition, IReadOnlyList<OutgoingMessage> Messages) : QueueCommand;
