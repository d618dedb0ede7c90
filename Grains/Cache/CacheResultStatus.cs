namespace OrleansSync.Grains.Cache;

/// <summary>The outcome class of a <see cref="CacheDirectory"/> command.</summary>
internal enum CacheResultStatus : byte
{
    /// <summary>Done (ack, renew, evict, write-back, expire).</summary>
    Ok = 1,

    /// <summary>A fill: the silo now holds the line in <see cref="CacheResult.State"/> under a lease.</summary>
    Granted = 2,

    /// <summary>A fill of an absent key; nothing is cached.</summary>
    NotFound = 3,

    /// <summary>A write completed: committed with <see cref="CacheResult.Version"/>.</summary>
    Written = 4,

    /// <summary>The request waits (for invalidation acks, a recall or an earlier operation); a notification keyed by <see cref="CacheResult.WaitId"/> ends it.</summary>
    Waiting = 5,

    /// <summary>Refused; <see cref="CacheResult.Error"/> says why.</summary>
    Failed = 6,
}
