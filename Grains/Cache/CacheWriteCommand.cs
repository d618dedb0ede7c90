namespace OrleansSync.Grains.Cache;

/// <summary>
/// A put or delete by <paramref name="Silo"/>. <paramref name="ExpectedVersion"/> makes it a
/// compare-and-set (0 = the key must be absent; <see cref="AnyVersion"/> = unconditional).
/// <paramref name="TtlMs"/> 0 means no TTL.
/// </summary>
internal sealed record CacheWriteCommand(
    string Key, string Silo, CacheWriteKind Kind, byte[] Value, long TtlMs, long ExpectedVersion, CacheWriteMode Mode) : CacheCommand
{
    public const long AnyVersion = -1;

    public static CacheWriteCommand Put(string key, string silo, byte[] value, long ttlMs = 0, long expectedVersion = AnyVersion, CacheWriteMode mode = CacheWriteMode.WriteThrough) =>
        new(key, silo, CacheWriteKind.Put, value, ttlMs, expectedVersion, mode);

    public static CacheWriteCommand Delete(string key, string silo, long expectedVersion = AnyVersion) =>
        new(key, silo, CacheWriteKind.Delete, [], 0, expectedVersion, CacheWriteMode.WriteThrough);
}
