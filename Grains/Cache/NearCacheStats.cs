namespace OrleansSync.Grains.Cache;

/// <summary>Counters of one silo's near cache since it started, and its lines now.</summary>
internal sealed record NearCacheStats
{
    public long Hits { get; init; }

    public long Misses { get; init; }

    /// <summary>Reads that found a line whose local lease had lapsed (counted in <see cref="Misses"/> too).</summary>
    public long LapsedReads { get; init; }

    public long InvalidationsReceived { get; init; }

    public long InvalidationsAcked { get; init; }

    /// <summary>Invalidations that downgraded this silo's E or M line to S (another silo read it).</summary>
    public long Recalls { get; init; }

    public long Evictions { get; init; }

    /// <summary>Grants discarded because an invalidation overtook them.</summary>
    public long DiscardedGrants { get; init; }

    public long RenewalsSent { get; init; }

    public long RenewalsRefused { get; init; }

    public int Entries { get; init; }

    public long Bytes { get; init; }

    public int ModifiedLines { get; init; }

    public int ExclusiveLines { get; init; }

    public int SharedLines { get; init; }

    public double HitRate => Hits + Misses == 0 ? 0 : (double)Hits / (Hits + Misses);
}
