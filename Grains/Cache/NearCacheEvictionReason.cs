namespace OrleansSync.Grains.Cache;

/// <summary>Why a line left the near cache other than by invalidation.</summary>
internal enum NearCacheEvictionReason : byte
{
    /// <summary>The least recently used line, pushed out by the entry or byte bound.</summary>
    Capacity = 1,

    /// <summary>Its lease lapsed on the local clock before it was renewed.</summary>
    Lapsed = 2,

    /// <summary>The directory refused to renew it (no longer the holder, or being invalidated).</summary>
    RenewalRefused = 3,

    /// <summary>Granted but larger than the whole byte bound: never installed.</summary>
    TooLarge = 4,
}
