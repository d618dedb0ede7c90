namespace OrleansSync.Grains.Queues;

/// <summary>
/// One partition's counts and counters. Counters only grow (until the queue is deleted), so a host
/// computes rates from two readings and their <see cref="NowMs"/>; it sums partitions for a queue.
/// </summary>
public sealed record QueueStats(
    long Visible,
    long InFlight,
    long Delayed,
    long DeadLettered,
    long OldestMessageAgeMs,
    long SentTotal,
    long ReceivedTotal,
    long AckedTotal,
    long DeadLetteredTotal,
    long NowMs)
{
    public static QueueStats Empty(long nowMs) => new(0, 0, 0, 0, 0, 0, 0, 0, 0, nowMs);
}
