namespace OrleansSync.Grains.Interfaces.Cache;

/// <summary>Where the cache's invalidations travel: one stream per silo identity, in this namespace of the cache's own stream provider.</summary>
public static class CacheStreamNames
{
    /// <summary>
    /// The memory stream provider that <c>AddCoherentCache</c> registers on every silo, for
    /// invalidations only: its queue count and poll period are the cache's (ADR 0033).
    /// </summary>
    public const string Provider = "orleanssync.cache";

    /// <summary>The namespace of the per-silo invalidation streams; the stream key is the silo identity.</summary>
    public const string InvalidationNamespace = "orleanssync.cache.invalidations";
}
