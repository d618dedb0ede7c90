namespace OrleansSync.Silo.Api;

/// <summary>
/// One silo's near cache in <c>GET /cluster/cache</c>: counters since its near cache started
/// (<c>invalidationsSent</c>: published as a directory's leader, since the silo started), its bytes
/// and live lines by state now. A silo that did not answer has only <c>silo</c> and <c>error</c>.
/// </summary>
internal sealed record CacheSiloStatsState(
    string Silo,
    long? Hits,
    long? Misses,
    double? HitRate,
    long? InvalidationsSent,
    long? InvalidationsAcked,
    long? Recalls,
    long? Evictions,
    long? Bytes,
    CacheLineCounts? Lines,
    string? Error = null);
