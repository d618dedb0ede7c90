namespace OrleansSync.Grains.Cache;

/// <summary>What the writer holds once its write completes.</summary>
internal enum CacheWriteMode : byte
{
    /// <summary>The directory committed the value; the writer holds the line in <see cref="CacheLineState.Exclusive"/>.</summary>
    WriteThrough = 1,

    /// <summary>The directory committed the value; the writer holds the line in <see cref="CacheLineState.Modified"/> and may write locally.</summary>
    WriteBack = 2,
}
