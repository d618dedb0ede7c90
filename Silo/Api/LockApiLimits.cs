using OrleansSync.Grains.Locks;

namespace OrleansSync.Silo.Api;

/// <summary>Bounds the HTTP API checks before a request reaches a lock group.</summary>
internal static class LockApiLimits
{
    public const int MaxNameLength = LockTableOptions.DefaultMaxLockNameLength;
    public const int MaxBodyBytes = 16 * 1024;
    public const long MinTtlMs = LockTableOptions.DefaultMinLeaseTtlMs;
    public const long MaxTtlMs = LockTableOptions.DefaultMaxLeaseTtlMs;
    public const long DefaultTtlMs = 30_000;

    /// <summary>An HTTP request should not hang for long: longer waits belong to a client that holds a connection to the cluster.</summary>
    public const long MaxWaitMs = 60_000;
    public const long DefaultWaitMs = 10_000;

    /// <summary>
    /// Past the wait timeout, how long an acquire may still take before the API gives up with 503:
    /// the group's leader ends the wait at its timeout itself (leader-proposed expiry), so only a
    /// group that is electing a leader or unreachable runs into this bound.
    /// </summary>
    public const long WaitGraceMs = 5_000;
}
