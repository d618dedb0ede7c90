namespace OrleansSync.Grains.Queues;

/// <summary>The end of the long-poll wait <paramref name="WaitId"/> (the log index of the receive that started it).</summary>
public readonly record struct QueueWaitEvent(ulong WaitId, QueueWaitEndReason Reason);
