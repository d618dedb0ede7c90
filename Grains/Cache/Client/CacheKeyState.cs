namespace OrleansSync.Grains.Cache.Client;

/// <summary>
/// <c>cache state KEY</c>: the directory's view of a key (read linearizably through its group's
/// leader) and the state of every active silo's copy (each read from that silo's near cache just
/// after). The two reads are not one snapshot: a write between them can show a silo's copy gone
/// that the directory still listed, never the other way round for one write.
/// </summary>
/// <param name="Key">The key.</param>
/// <param name="Exists">The key has a value.</param>
/// <param name="Version">Its version (0 = never written).</param>
/// <param name="Owner">The silo holding it in M or E, per the directory, or null.</param>
/// <param name="OwnerState">"M" or "E" with an owner, else null.</param>
/// <param name="Sharers">The silos holding it in S, per the directory.</param>
/// <param name="Silos">Every active silo's own line state, in address order.</param>
public sealed record CacheKeyState(
    string Key,
    bool Exists,
    ulong Version,
    CacheSilo? Owner,
    string? OwnerState,
    IReadOnlyList<CacheSilo> Sharers,
    IReadOnlyList<CacheSiloLine> Silos);
