namespace OrleansSync.Grains.Cache;

/// <summary>The lazy notice that <paramref name="Silo"/> evicted its clean copy (grant <paramref name="GrantIndex"/>) of <paramref name="Key"/>.</summary>
internal sealed record CacheEvictCommand(string Key, string Silo, ulong GrantIndex) : CacheCommand;
