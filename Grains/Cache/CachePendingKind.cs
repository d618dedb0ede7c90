namespace OrleansSync.Grains.Cache;

/// <summary>What a key's pending operation waits to do once its invalidation set is empty.</summary>
internal enum CachePendingKind : byte
{
    /// <summary>Commit a client write; every other copy is being invalidated.</summary>
    Write = 1,

    /// <summary>Grant a fill; the owner (E or M) is being downgraded to shared (M writes back).</summary>
    Recall = 2,

    /// <summary>Delete a key whose TTL passed; every copy is being invalidated.</summary>
    TtlDelete = 3,
}
