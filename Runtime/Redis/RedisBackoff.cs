namespace OrleansSync.Runtime.Redis;

/// <summary>
/// Reconnect delays: exponential from an initial delay up to a cap, with "equal jitter" (half fixed,
/// half random) from an injected seeded <see cref="Random"/> so that many clients restarting together
/// do not reconnect in lock-step, and a test can reproduce the sequence. Not thread-safe.
/// </summary>
internal sealed class RedisBackoff
{
    private const int MaxDoublings = 30;

    private readonly int _initialDelayMs;
    private readonly int _maxDelayMs;
    private readonly Random _random;

    public RedisBackoff(int initialDelayMs, int maxDelayMs, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(initialDelayMs);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDelayMs, initialDelayMs);
        _initialDelayMs = initialDelayMs;
        _maxDelayMs = maxDelayMs;
        _random = random;
    }

    /// <summary>The delay before reconnect attempt <paramref name="attempt"/> (0 for the first): within [cap/2, cap] where cap = min(max, initial * 2^attempt).</summary>
    public TimeSpan NextDelay(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);
        var capMs = Math.Min(_maxDelayMs, _initialDelayMs * Math.Pow(2, Math.Min(attempt, MaxDoublings)));
        var delayMs = (capMs / 2) + (_random.NextDouble() * capMs / 2);
        return TimeSpan.FromMilliseconds(delayMs);
    }
}
