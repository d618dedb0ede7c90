namespace OrleansSync.Grains.Cache;

/// <summary>What a near cache's in-flight request to the directory is.</summary>
internal enum NearCacheRequestKind : byte
{
    Fill = 1,
    Write = 2,
    Renewal = 3,
}
