namespace OrleansSync.Grains.Cache;

/// <summary>The value of a <see cref="CacheLineState.Modified"/> line being written back: a value, or a local delete.</summary>
internal sealed record CacheDirtyValue(bool Deleted, byte[] Value)
{
    public static CacheDirtyValue Of(byte[]? value) => value is null ? new(true, []) : new(false, value);
}
