namespace OrleansSync.Grains.Queues;

/// <summary>
/// Takes up to <paramref name="MaxMessages"/> (1 to <see cref="QueueTable.MaxReceiveMessages"/>) visible
/// messages of the partition, oldest first, and hides them for <paramref name="VisibilityTimeoutMs"/>
/// (0: the queue's default). If none is visible and <paramref name="WaitMs"/> is positive (at most
/// <see cref="QueueTable.MaxWaitMs"/>), the receive registers a long-poll wait keyed by its own log index.
/// </summary>
public sealed record ReceiveCommand(string Queue, int Partition, int MaxMessages, long VisibilityTimeoutMs, long WaitMs) : QueueCommand;
