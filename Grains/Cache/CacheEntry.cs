namespace OrleansSync.Grains.Cache;

/// <summary>The directory's state of one key. Kept only while it has a value, a holder or work.</summary>
internal sealed class CacheEntry(string key)
{
    public string Key { get; } = key;

    /// <summary>The committed value ("memory"); null when the key is absent.</summary>
    public byte[]? Value { get; set; }

    /// <summary>The version of <see cref="Value"/>; 0 when absent.</summary>
    public ulong Version { get; set; }

    /// <summary>Committed time at which the TTL deletes the key; 0 for none.</summary>
    public long ExpiresAtMs { get; set; }

    /// <summary>The silo holding the line in E or M, or null. Never set together with <see cref="Sharers"/>.</summary>
    public CacheHolder? Owner { get; set; }

    /// <summary><see cref="CacheLineState.Exclusive"/> or <see cref="CacheLineState.Modified"/> when <see cref="Owner"/> is set.</summary>
    public CacheLineState OwnerState { get; set; }

    /// <summary>The silos holding the line in S, by silo id.</summary>
    public SortedDictionary<string, CacheHolder> Sharers { get; } = new(StringComparer.Ordinal);

    public CachePendingOperation? Pending { get; set; }

    /// <summary>Fills and writes that arrived while <see cref="Pending"/> was set, in log order.</summary>
    public Queue<CacheRequest> Queue { get; } = new();

    public bool Exists => Value is not null;

    public int HolderCount => Sharers.Count + (Owner is null ? 0 : 1);

    public bool IsIdle => !Exists && HolderCount == 0 && Pending is null && Queue.Count == 0;

    /// <summary>The copy held by <paramref name="silo"/>, owner or sharer.</summary>
    public CacheHolder? HolderOf(string silo) =>
        Owner is { } owner && owner.Silo == silo ? owner : Sharers.GetValueOrDefault(silo);
}
