namespace OrleansSync.Grains.Queues.Client;

/// <summary>
/// How long a failed message stays hidden before its next delivery: doubling with each delivery,
/// from <c>baseDelay</c> on the first, bounded by <c>maxDelay</c>, so a poison message backs off
/// instead of spinning through its deliveries, and a transient failure is retried soon.
/// </summary>
internal static class QueueRetryBackoff
{
    /// <summary>The nack delay after delivery number <paramref name="deliveryCount"/> (1 for the first) failed.</summary>
    public static TimeSpan DelayFor(uint deliveryCount, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(baseDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDelay, baseDelay);
        var doublings = Math.Min(Math.Max(deliveryCount, 1u) - 1, 30u); // 2^30 times any base is past any sane bound
        var ticks = Math.Min((double)baseDelay.Ticks * (1L << (int)doublings), maxDelay.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }
}
