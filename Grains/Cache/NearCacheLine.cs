namespace OrleansSync.Grains.Cache;

/// <summary>One line of a <see cref="NearCache"/>: a copy of a key in M, E or S under a lease counted on the local clock.</summary>
internal sealed class NearCacheLine(string key, int keyBytes)
{
    public string Key { get; } = key;

    public int KeyBytes { get; } = keyBytes;

    public CacheLineState State { get; set; }

    /// <summary>The value; null only for a modified line deleted locally.</summary>
    public byte[]? Value { get; set; }

    public ulong Version { get; set; }

    /// <summary>The directory's grant this copy came from; invalidations of older operations leave it alone.</summary>
    public ulong GrantIndex { get; set; }

    /// <summary>Local time from which the copy must not be read (request sent + lease - drift allowance).</summary>
    public long LiveUntilLocalMs { get; set; }

    /// <summary>Read or written since the last renewal was sent (renewal is by use).</summary>
    public bool UsedSinceRenewal { get; set; }

    /// <summary>The in-flight renewal's request id, or 0.</summary>
    public ulong RenewalRequestId { get; set; }

    /// <summary>A modified line written locally since its last write-back.</summary>
    public bool Dirty { get; set; }

    public long Bytes => KeyBytes + (Value?.Length ?? 0) + NearCacheOptions.LineOverheadBytes;
}
