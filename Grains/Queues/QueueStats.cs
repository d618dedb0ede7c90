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

    /// <summary>
    /// A queue's stats from its partitions': counts and counters add up, the oldest message is the
    /// oldest of any partition, and <see cref="NowMs"/> is the latest group time seen.
    /// </summary>
    public static QueueStats Sum(IEnumerable<QueueStats> partitions) => partitions.Aggregate(Empty(0), (sum, p) => new QueueStats(
        sum.Visible + p.Visible,
        sum.InFlight + p.InFlight,
        sum.Delayed + p.Delayed,
        sum.DeadLettered + p.DeadLettered,
        Math.Max(sum.OldestMessageAgeMs, p.OldestMessageAgeMs),
        sum.SentTotal + p.SentTotal,
        sum.ReceivedTotal + p.ReceivedTotal,
        sum.AckedTotal + p.AckedTotal,
        sum.DeadLetteredTotal + p.DeadLetteredTotal,
        Math.Max(sum.NowMs, p.NowMs)));
}
