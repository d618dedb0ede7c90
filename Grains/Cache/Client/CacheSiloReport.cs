using OrleansSync.Grains.Interfaces.Cache;

namespace OrleansSync.Grains.Cache.Client;

/// <summary>One active silo's near-cache counters for <c>cache stats</c>, or null with <paramref name="Error"/> when it did not answer.</summary>
public sealed record CacheSiloReport(CacheSilo Silo, CacheSiloStats? Stats, string? Error);
