namespace OrleansSync.Grains.Locks;

/// <summary>
/// Bounds of one <see cref="LockTable"/> (one Raft group's locks). Every replica of a group must
/// use the same values: they decide command results.
/// </summary>
public sealed class LockTableOptions
{
    public const int DefaultMaxLockNameLength = 256;
    public const int DefaultMaxLocks = 100_000;
    public const int DefaultMaxLeases = 50_000;
    public const int DefaultMaxWaitersPerLock = 1_024;
    public const int DefaultMaxLocksPerLease = 1_024;
    public const int DefaultMaxReentrancy = 1_000;
    public const long DefaultMinLeaseTtlMs = 1_000;
    public const long DefaultMaxLeaseTtlMs = 3_600_000;
    public const long DefaultMaxWaitTimeoutMs = 3_600_000;
    public const int DefaultMaxRememberedFreeLocks = 16_384;

    /// <summary>Longest lock name, in UTF-16 code units.</summary>
    public int MaxLockNameLength { get; init; } = DefaultMaxLockNameLength;

    /// <summary>Most locks that may be held or waited on at once.</summary>
    public int MaxLocks { get; init; } = DefaultMaxLocks;

    /// <summary>Most open leases.</summary>
    public int MaxLeases { get; init; } = DefaultMaxLeases;

    /// <summary>Most waiters queued on one lock.</summary>
    public int MaxWaitersPerLock { get; init; } = DefaultMaxWaitersPerLock;

    /// <summary>Most locks one lease may hold or wait on at once.</summary>
    public int MaxLocksPerLease { get; init; } = DefaultMaxLocksPerLease;

    /// <summary>Most times one lease may hold the same lock reentrantly.</summary>
    public int MaxReentrancy { get; init; } = DefaultMaxReentrancy;

    /// <summary>Shortest lease time-to-live a client may ask for.</summary>
    public long MinLeaseTtlMs { get; init; } = DefaultMinLeaseTtlMs;

    /// <summary>Longest lease time-to-live a client may ask for.</summary>
    public long MaxLeaseTtlMs { get; init; } = DefaultMaxLeaseTtlMs;

    /// <summary>Longest time an acquire may wait in the queue.</summary>
    public long MaxWaitTimeoutMs { get; init; } = DefaultMaxWaitTimeoutMs;

    /// <summary>
    /// Most free locks whose last fencing token is remembered exactly (beyond it, a ceiling answers
    /// for the forgotten ones). Only reads depend on it, but keep it equal on every replica so
    /// they answer alike.
    /// </summary>
    public int MaxRememberedFreeLocks { get; init; } = DefaultMaxRememberedFreeLocks;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first bound that is out of range.</summary>
    public void Validate()
    {
        RequirePositive(MaxLockNameLength, nameof(MaxLockNameLength));
        RequirePositive(MaxLocks, nameof(MaxLocks));
        RequirePositive(MaxLeases, nameof(MaxLeases));
        RequirePositive(MaxWaitersPerLock, nameof(MaxWaitersPerLock));
        RequirePositive(MaxLocksPerLease, nameof(MaxLocksPerLease));
        RequirePositive(MaxReentrancy, nameof(MaxReentrancy));
        RequirePositive(MinLeaseTtlMs, nameof(MinLeaseTtlMs));
        RequirePositive(MaxWaitTimeoutMs, nameof(MaxWaitTimeoutMs));
        RequirePositive(MaxRememberedFreeLocks, nameof(MaxRememberedFreeLocks));
        if (MaxLeaseTtlMs < MinLeaseTtlMs)
        {
            throw new ArgumentOutOfRangeException(
                nameof(MaxLeaseTtlMs), MaxLeaseTtlMs, $"must be at least {nameof(MinLeaseTtlMs)} ({MinLeaseTtlMs}).");
        }
    }

    private static void RequirePositive(long value, string name)
    {
        if (value <= 0)
        {
            throw new ArgumentOutOfRangeException(name, value, "must be positive.");
        }
    }
}
