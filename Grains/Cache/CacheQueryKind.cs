namespace OrleansSync.Grains.Cache;

/// <summary>The kind byte of a read-only <see cref="CacheDirectory.Query"/>.</summary>
internal enum CacheQueryKind : byte
{
    /// <summary>The key's <see cref="CacheEntryInfo"/>: followed by the key (u16-length UTF-8).</summary>
    GetEntry = 1,
}
