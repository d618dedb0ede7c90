namespace OrleansSync.Silo.Api;

/// <summary>The body of <c>GET /cluster/cache</c>: every active silo's near cache, in address order.</summary>
internal sealed record CacheClusterStats(IReadOnlyList<CacheSiloStatsState> Silos);
