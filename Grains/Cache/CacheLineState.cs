namespace OrleansSync.Grains.Cache;

/// <summary>The MESI state of one copy of a key (a cache line). <see cref="Invalid"/> means no copy.</summary>
internal enum CacheLineState : byte
{
    /// <summary>No copy (or a copy whose lease has lapsed).</summary>
    Invalid = 0,

    /// <summary>A clean copy that other silos may share.</summary>
    Shared = 1,

    /// <summary>The only copy, clean: writes still go to the directory.</summary>
    Exclusive = 2,

    /// <summary>The only copy, dirty (write-back mode): may be written locally, must be written back.</summary>
    Modified = 3,
}
