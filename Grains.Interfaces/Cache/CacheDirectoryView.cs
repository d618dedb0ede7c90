namespace OrleansSync.Grains.Interfaces.Cache;

/// <summary>
/// The directory's view of one key, read linearizably through its Raft group's leader: whether it
/// has a value, its version, and who holds copies. Silos are named by identity
/// (<c>SiloAddress.ToParsableString()</c>).
/// </summary>
/// <param name="Key">The key.</param>
/// <param name="Exists">The key has a value.</param>
/// <param name="Version">Its version (0 = never written).</param>
/// <param name="Owner">The one silo holding it in M or E, or null.</param>
/// <param name="OwnerState">"M" or "E" when there is an owner, else null.</param>
/// <param name="Sharers">The silos holding it in S (never beside an owner).</param>
/// <param name="PendingOperationIndex">The log index of the write or recall under way, 0 when none.</param>
/// <param name="PendingWaitingFor">The silos that operation still waits for (acks or lapsed leases).</param>
[GenerateSerializer]
[Immutable]
public sealed record CacheDirectoryView(
    [property: Id(0)] string Key,
    [property: Id(1)] bool Exists,
    [property: Id(2)] ulong Version,
    [property: Id(3)] string? Owner,
    [property: Id(4)] string? OwnerState,
    [property: Id(5)] string[] Sharers,
    [property: Id(6)] ulong PendingOperationIndex,
    [property: Id(7)] string[] PendingWaitingFor);
