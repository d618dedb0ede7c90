namespace OrleansSync.Grains.Cache;

/// <summary>The one operation in progress on a key, and the holders it still waits for.</summary>
internal sealed class CachePendingOperation(CachePendingKind kind, ulong operationIndex, CacheRequest? request, string? dirtyOwner)
{
    public CachePendingKind Kind { get; } = kind;

    /// <summary>The log index of the command that started it: invalidations and acks name it; every copy granted before it is covered.</summary>
    public ulong OperationIndex { get; } = operationIndex;

    /// <summary>The fill or write it completes (null for a TTL delete); its <see cref="CacheRequest.Index"/> keys the notification.</summary>
    public CacheRequest? Request { get; } = request;

    /// <summary>The silo that held the line modified when it started: only its ack may carry a write-back.</summary>
    public string? DirtyOwner { get; } = dirtyOwner;

    /// <summary>
    /// Silos still to ack, each with the grant it holds and the committed time its lease ends
    /// (after which it no longer counts). An eviction or write-back stands for an ack only with that grant.
    /// </summary>
    public SortedDictionary<string, CacheHolder> Waiting { get; } = new(StringComparer.Ordinal);
}
