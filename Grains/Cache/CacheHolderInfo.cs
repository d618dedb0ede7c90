namespace OrleansSync.Grains.Cache;

/// <summary>One copy of a key as the directory reports it.</summary>
internal sealed record CacheHolderInfo(string Silo, CacheLineState State, ulong GrantIndex, long LeaseEndMs);
