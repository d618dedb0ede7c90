namespace OrleansSync.Grains.Cache;

/// <summary>One silo's copy of a key as the directory sees it.</summary>
internal sealed class CacheHolder(string silo, ulong grantIndex, long leaseEndMs)
{
    public string Silo { get; } = silo;

    /// <summary>The log index of the command that granted (or last re-granted) the copy.</summary>
    public ulong GrantIndex { get; set; } = grantIndex;

    /// <summary>Committed time at which the directory stops counting the copy as live.</summary>
    public long LeaseEndMs { get; set; } = leaseEndMs;
}
