namespace OrleansSync.Grains.Cache;

/// <summary>
/// A near-cache read: a hit (<see cref="Found"/> false for a modified line deleted locally) served
/// with no message, or a miss that needs a fill.
/// </summary>
internal readonly record struct NearCacheRead(bool Hit, bool Found, byte[]? Value, ulong Version, CacheLineState State)
{
    public static NearCacheRead Miss => new(false, false, null, 0, CacheLineState.Invalid);
}
