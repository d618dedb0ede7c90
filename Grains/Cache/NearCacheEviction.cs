namespace OrleansSync.Grains.Cache;

/// <summary>
/// A line that left the near cache: the host tells the directory lazily with a
/// <see cref="CacheEvictCommand"/>, or, when <see cref="Dirty"/> is set, writes it back first
/// (<see cref="CacheWriteBackCommand"/> with release).
/// </summary>
internal sealed record NearCacheEviction(string Key, CacheLineState State, ulong GrantIndex, CacheDirtyValue? Dirty, NearCacheEvictionReason Reason)
{
    public CacheCommand ToCommand(string silo) => Dirty is { } dirty
        ? new CacheWriteBackCommand(Key, silo, GrantIndex, dirty, Release: true)
        : new CacheEvictCommand(Key, silo, GrantIndex);
}
