namespace OrleansSync.Grains.Cache;

/// <summary>
/// Bounds and lease length of one <see cref="CacheDirectory"/> (one Raft group's keys). Every
/// replica of a group must use the same values: they decide command results.
/// </summary>
internal sealed class CacheDirectoryOptions
{
    public const int DefaultMaxKeyBytes = 512;
    public const int DefaultMaxSiloIdBytes = 128;
    public const int DefaultMaxValueBytes = 64 * 1024;
    public const int DefaultMaxKeys = 100_000;
    public const long DefaultMaxTotalValueBytes = 256L * 1024 * 1024;
    public const int DefaultMaxHoldersPerKey = 64;
    public const int DefaultMaxQueuedPerKey = 256;
    public const long DefaultLeaseMs = 5_000;
    public const long DefaultMaxTtlMs = 30L * 24 * 3600 * 1000;

    /// <summary>Hard codec limits that no option may exceed (they bound what a decoder allocates).</summary>
    public const int CodecMaxKeyBytes = 4_096;
    public const int CodecMaxSiloIdBytes = 1_024;
    public const int CodecMaxValueBytes = 16 * 1024 * 1024;

    /// <summary>Longest key, in UTF-8 bytes.</summary>
    public int MaxKeyBytes { get; init; } = DefaultMaxKeyBytes;

    /// <summary>Longest silo id, in UTF-8 bytes.</summary>
    public int MaxSiloIdBytes { get; init; } = DefaultMaxSiloIdBytes;

    /// <summary>Longest value, in bytes.</summary>
    public int MaxValueBytes { get; init; } = DefaultMaxValueBytes;

    /// <summary>Most keys with a value, a holder or work at once.</summary>
    public int MaxKeys { get; init; } = DefaultMaxKeys;

    /// <summary>Most bytes of committed values at once.</summary>
    public long MaxTotalValueBytes { get; init; } = DefaultMaxTotalValueBytes;

    /// <summary>Most silos holding one key at once (owner or sharers); bounds an invalidation set.</summary>
    public int MaxHoldersPerKey { get; init; } = DefaultMaxHoldersPerKey;

    /// <summary>Most fills and writes queued behind one key's pending operation.</summary>
    public int MaxQueuedPerKey { get; init; } = DefaultMaxQueuedPerKey;

    /// <summary>How long a grant is live without renewal, in committed time (the near cache subtracts its drift allowance).</summary>
    public long LeaseMs { get; init; } = DefaultLeaseMs;

    /// <summary>Longest TTL a write may set.</summary>
    public long MaxTtlMs { get; init; } = DefaultMaxTtlMs;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first bound that is out of range.</summary>
    public void Validate()
    {
        RequireWithin(MaxKeyBytes, CodecMaxKeyBytes, nameof(MaxKeyBytes));
        RequireWithin(MaxSiloIdBytes, CodecMaxSiloIdBytes, nameof(MaxSiloIdBytes));
        RequireWithin(MaxValueBytes, CodecMaxValueBytes, nameof(MaxValueBytes));
        RequireWithin(MaxKeys, int.MaxValue, nameof(MaxKeys));
        RequireWithin(MaxTotalValueBytes, long.MaxValue, nameof(MaxTotalValueBytes));
        RequireWithin(MaxHoldersPerKey, 4_096, nameof(MaxHoldersPerKey));
        RequireWithin(MaxQueuedPerKey, 65_536, nameof(MaxQueuedPerKey));
        RequireWithin(LeaseMs, 3_600_000, nameof(LeaseMs));
        RequireWithin(MaxTtlMs, long.MaxValue / 4, nameof(MaxTtlMs));
    }

    private static void RequireWithin(long value, long max, string name)
    {
        if (value <= 0 || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value, $"must be in [1, {max}].");
        }
    }
}
