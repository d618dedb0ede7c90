namespace OrleansSync.Grains.Cache;

/// <summary>Bounds and clock allowance of one silo's <see cref="NearCache"/>.</summary>
internal sealed class NearCacheOptions
{
    public const int DefaultMaxEntries = 10_000;
    public const long DefaultMaxBytes = 64L * 1024 * 1024;
    public const long DefaultDriftAllowanceMs = 250;
    public const int DefaultMaxInFlightRequests = 4_096;

    /// <summary>Bytes counted per line besides its key and value, so that many tiny lines still meet the byte bound.</summary>
    public const int LineOverheadBytes = 64;

    /// <summary>Most lines held at once.</summary>
    public int MaxEntries { get; init; } = DefaultMaxEntries;

    /// <summary>Most bytes held at once: UTF-8 key + value + <see cref="LineOverheadBytes"/> per line.</summary>
    public long MaxBytes { get; init; } = DefaultMaxBytes;

    /// <summary>
    /// How much earlier than the lease's end, counted on this silo's clock, a copy stops being
    /// read: covers clock rate drift and leader clock offset (docs/protocols/cache.md, <see cref="CacheLeaseMath"/>).
    /// Must be below the directory's lease.
    /// </summary>
    public long DriftAllowanceMs { get; init; } = DefaultDriftAllowanceMs;

    /// <summary>Most fills, writes and renewals awaiting their reply at once.</summary>
    public int MaxInFlightRequests { get; init; } = DefaultMaxInFlightRequests;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first bound that is out of range.</summary>
    public void Validate()
    {
        if (MaxEntries <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxEntries), MaxEntries, "must be positive.");
        }

        if (MaxBytes <= LineOverheadBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBytes), MaxBytes, $"must exceed {LineOverheadBytes}.");
        }

        if (DriftAllowanceMs <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(DriftAllowanceMs), DriftAllowanceMs, "must be positive.");
        }

        if (MaxInFlightRequests <= 0 || MaxInFlightRequests > 1_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxInFlightRequests), MaxInFlightRequests, "must be in [1, 1000000].");
        }
    }

    /// <summary>Throws unless the allowance leaves part of <paramref name="leaseMs"/> to read in (checked at start-up against the directory's lease).</summary>
    public void ValidateAgainstLease(long leaseMs)
    {
        if (DriftAllowanceMs >= leaseMs)
        {
            throw new ArgumentOutOfRangeException(nameof(DriftAllowanceMs), DriftAllowanceMs, $"must be below the lease ({leaseMs} ms).");
        }
    }
}
