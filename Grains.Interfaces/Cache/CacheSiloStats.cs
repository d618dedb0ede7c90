namespace OrleansSync.Grains.Interfaces.Cache;

/// <summary>
/// One silo's near-cache counters (since its activation started) and its lines now, by MESI state.
/// <see cref="InvalidationsSent"/> counts the invalidations this silo published as leader of a
/// directory's group (to any silo, resends included), since the silo started.
/// </summary>
[GenerateSerializer]
[Immutable]
public sealed record CacheSiloStats(
    [property: Id(0)] string Silo,
    [property: Id(1)] long Hits,
    [property: Id(2)] long Misses,
    [property: Id(3)] long InvalidationsReceived,
    [property: Id(4)] long InvalidationsAcked,
    [property: Id(5)] long Recalls,
    [property: Id(6)] long Evictions,
    [property: Id(7)] int Entries,
    [property: Id(8)] long Bytes,
    [property: Id(9)] int ModifiedLines,
    [property: Id(10)] int ExclusiveLines,
    [property: Id(11)] int SharedLines,
    [property: Id(12)] long InvalidationsSent = 0)
{
    public double HitRate => Hits + Misses == 0 ? 0 : (double)Hits / (Hits + Misses);
}
