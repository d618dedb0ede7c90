namespace OrleansSync.Grains.Cache;

/// <summary>What the host sends back for an invalidation: a <see cref="CacheAckCommand"/> for <paramref name="OperationIndex"/>.</summary>
internal sealed record NearCacheAck(string Key, ulong OperationIndex, CacheDirtyValue? Dirty)
{
    public CacheAckCommand ToCommand(string silo) => new(Key, silo, OperationIndex, Dirty);
}
