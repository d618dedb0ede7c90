namespace OrleansSync.Grains.Queues;

/// <summary>Deletes the queue, its partitions here and their dead letters; long polls on it end with <see cref="QueueWaitEndReason.QueueDeleted"/>.</summary>
public sealed record DeleteQueueCommand(string Queue) : QueueCommand;
