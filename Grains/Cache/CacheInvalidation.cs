namespace OrleansSync.Grains.Cache;

/// <summary>
/// A message the host must deliver to <paramref name="Silo"/> (on its invalidation stream): drop
/// (or, when <paramref name="Downgrade"/>, downgrade to shared) the copy of <paramref name="Key"/>
/// granted before <paramref name="OperationIndex"/>, write back a modified value, and ack.
/// </summary>
internal readonly record struct CacheInvalidation(string Silo, string Key, ulong OperationIndex, bool Downgrade);
