namespace OrleansSync.Grains.Queues;

/// <summary>Deletes every message of the partition's main queue (visible, delayed, in flight), or of its dead-letter sub-queue when <paramref name="DeadLetters"/> is set.</summary>
public sealed record PurgeCommand(string Queue, int Partition, bool DeadLetters) : QueueCommand;
