namespace OrleansSync.Grains.Cache;

/// <summary>
/// <paramref name="Silo"/> acted on the invalidation of operation <paramref name="OperationIndex"/>
/// (dropped its copy, or downgraded it to shared); <paramref name="Dirty"/> is its write-back if it held the line modified.
/// </summary>
internal sealed record CacheAckCommand(string Key, string Silo, ulong OperationIndex, CacheDirtyValue? Dirty) : CacheCommand;
