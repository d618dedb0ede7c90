namespace OrleansSync.Grains.Cache.Client;

/// <summary>A committed value of a key and its version (versions only grow, also across delete and re-create).</summary>
public sealed record CacheValue(byte[] Value, ulong Version)
{
    /// <summary>Served from the near cache's live copy, with no message.</summary>
    public bool Hit { get; init; }
}
