namespace OrleansSync.Grains.Locks;

/// <summary>A lease's mutable state inside a <see cref="LockTable"/>.</summary>
internal sealed class Lease(ulong id, string owner, long ttlMs, long expiresAtMs)
{
    public ulong Id { get; } = id;

    public string Owner { get; } = owner;

    public long TtlMs { get; } = ttlMs;

    public long ExpiresAtMs { get; set; } = expiresAtMs;

    /// <summary>Locks this lease holds (each has a <see cref="Holding"/> in its lock).</summary>
    public SortedSet<string> HeldLocks { get; } = new(StringComparer.Ordinal);

    /// <summary>Locks this lease waits on, with the wait id of each queued request.</summary>
    public SortedDictionary<string, ulong> Waits { get; } = new(StringComparer.Ordinal);

    public int LockCount => HeldLocks.Count + Waits.Count;
}
