namespace OrleansSync.Runtime.Messaging;

/// <summary>
/// Exponential backoff with jitter for connect retries: after the n-th failure wait
/// min(max, base * 2^(n-1)) scaled by a factor in [0.5, 1) drawn from the injected seeded source.
/// </summary>
internal sealed class ReconnectBackoff(int baseDelayMs, int maxDelayMs, Random random)
{
    private readonly Lock _randomLock = new();

    public TimeSpan DelayAfter(int failedAttempts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempts, 1);
        var exponent = Math.Min(failedAttempts - 1, 30);
        var uncappedMs = baseDelayMs * Math.Pow(2, exponent);
        var cappedMs = Math.Min(uncappedMs, maxDelayMs);
        double jitter;
        lock (_randomLock)
        {
            jitter = 0.5 + (random.NextDouble() / 2);
        }

        return TimeSpan.FromMilliseconds(cappedMs * jitter);
    }
}
