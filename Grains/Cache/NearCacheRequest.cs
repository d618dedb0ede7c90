namespace OrleansSync.Grains.Cache;

/// <summary>A request the near cache sent and whose reply it awaits, with the fence invalidations set meanwhile.</summary>
internal sealed class NearCacheRequest(ulong id, string key, NearCacheRequestKind kind, long sentLocalMs, byte[]? writtenValue)
{
    public ulong Id { get; } = id;

    public string Key { get; } = key;

    public NearCacheRequestKind Kind { get; } = kind;

    /// <summary>The local clock read before the request was sent: the lease counts from here.</summary>
    public long SentLocalMs { get; } = sentLocalMs;

    /// <summary>For a put: the value it writes (installed when it completes).</summary>
    public byte[]? WrittenValue { get; } = writtenValue;

    /// <summary>The highest invalidation operation index seen while in flight; a grant below it is stale.</summary>
    public ulong FenceIndex { get; set; }

    /// <summary>Whether any invalidation seen while in flight dropped (rather than downgraded) copies.</summary>
    public bool FenceDrops { get; set; }
}
