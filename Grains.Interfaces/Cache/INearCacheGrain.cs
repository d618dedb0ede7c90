namespace OrleansSync.Grains.Interfaces.Cache;

/// <summary>
/// One silo's near cache of the coherent cache, keyed by the silo's identity
/// (<c>SiloAddress.ToParsableString()</c>, which names one incarnation of the silo) and placed on
/// that silo. Reads are served from the silo's copy while its lease is live, and filled from the
/// key's directory (a Raft group) otherwise; writes go through the directory, which invalidates
/// every other silo's copy first (docs/protocols/cache.md).
/// </summary>
public interface INearCacheGrain : IGrainWithStringKey
{
    /// <summary>The committed value of <paramref name="key"/> (linearizable), from the local copy when it is live.</summary>
    Task<CacheGetReply> Get(string key);

    /// <summary>
    /// Writes <paramref name="value"/> through the directory: it completes once every other copy
    /// is dropped (or its lease ran out) and the value is committed. <paramref name="ttlMs"/> 0 is
    /// no TTL; <paramref name="expectedVersion"/> -1 is unconditional, otherwise a compare-and-set (0 = absent).
    /// </summary>
    Task<CacheWriteReply> Put(string key, [Immutable] byte[] value, long ttlMs, long expectedVersion);

    /// <summary>Deletes <paramref name="key"/> through the directory, like <see cref="Put"/>.</summary>
    Task<CacheWriteReply> Delete(string key, long expectedVersion);

    /// <summary>The state of this silo's copy of <paramref name="key"/> now: "M", "E", "S" or "I".</summary>
    Task<string> GetLineState(string key);

    /// <summary>Counters since this activation started, and the lines held now.</summary>
    Task<CacheSiloStats> GetStats();

    /// <summary>
    /// The directory's view of <paramref name="key"/>, read linearizably through its group's leader;
    /// <see cref="CacheDirectoryView"/> with <see cref="CacheDirectoryView.Exists"/> false and no
    /// holders for a key the directory does not know. Failures are <see cref="CacheErrorCode.Unavailable"/>
    /// in the reply's place: a <c>CacheDirectoryView</c> is only returned when read.
    /// </summary>
    Task<CacheDirectoryViewReply> GetDirectoryView(string key);
}
