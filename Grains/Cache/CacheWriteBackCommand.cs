namespace OrleansSync.Grains.Cache;

/// <summary>
/// The <see cref="CacheLineState.Modified"/> owner's dirty value: committed with a fresh version.
/// <paramref name="Release"/> true gives the line up (eviction); false keeps it modified and renews its lease (a flush).
/// </summary>
internal sealed record CacheWriteBackCommand(string Key, string Silo, ulong GrantIndex, CacheDirtyValue Dirty, bool Release) : CacheCommand;
