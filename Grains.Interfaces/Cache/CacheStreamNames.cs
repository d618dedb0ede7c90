namespace OrleansSync.Grains.Interfaces.Cache;

/// <summary>Where the cache's invalidations travel: one stream per silo identity, in this namespace of the silos' stream provider.</summary>
public static class CacheStreamNames
{
    /// <summary>The stream provider every silo configures (memory streams).</summary>
    public const string Provider = "orleanssync";

    /// <summary>The namespace of the per-silo invalidation streams; the stream key is the silo identity.</summary>
    public const string InvalidationNamespace = "orleanssync.cache.invalidations";
}
