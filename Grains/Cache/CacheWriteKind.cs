namespace OrleansSync.Grains.Cache;

/// <summary>What a <see cref="CacheWriteCommand"/> does to the value.</summary>
internal enum CacheWriteKind : byte
{
    Put = 1,
    Delete = 2,
}
