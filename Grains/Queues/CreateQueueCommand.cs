namespace OrleansSync.Grains.Queues;

/// <summary>
/// Creates <paramref name="Queue"/> with <paramref name="Options"/> in this group. The host sends the
/// same command to every group that hosts one of its partitions, so each holds the replicated options.
/// Idempotent for identical options; different options are <see cref="QueueErrorCode.QueueAlreadyExists"/>.
/// </summary>
public sealed record CreateQueueCommand(string Queue, QueueOptions Options) : QueueCommand;
