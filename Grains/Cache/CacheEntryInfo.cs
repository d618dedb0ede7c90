namespace OrleansSync.Grains.Cache;

/// <summary>The directory's view of a key, for <c>cache state KEY</c>: version, owner or sharers, and pending work.</summary>
internal sealed record CacheEntryInfo(
    string Key,
    bool Exists,
    ulong Version,
    long ExpiresAtMs,
    IReadOnlyList<CacheHolderInfo> Holders,
    ulong PendingOperationIndex,
    IReadOnlyList<string> PendingWaitingFor,
    int QueuedRequests);
