using OrleansSync.Grains.Locks;

namespace OrleansSync.Silo.Api;

/// <summary>
/// The body of <c>GET /locks/{name}</c>: holders, waiters in queue order, and the last fencing
/// token granted, also once the lock is free (exact for the group's most recently granted free
/// locks, an upper bound for older ones; it never goes down).
/// </summary>
internal sealed record LockState(string Name, bool Held, IReadOnlyList<LockHolderState> Holders, IReadOnlyList<LockWaiterState> Waiters, ulong LastFencingToken)
{
    public static LockState From(string name, LockInfo? info, ulong lastFencingToken) => info is null
        ? new LockState(name, false, [], [], lastFencingToken)
        : new LockState(
            name,
            info.Holders.Count > 0,
            [.. info.Holders.Select(h => new LockHolderState(h.LeaseId, LockModes.Name(h.Mode), h.HoldCount, h.FencingToken))],
            [.. info.Waiters.Select(w => new LockWaiterState(
                w.LeaseId, w.WaitId, LockModes.Name(w.Mode), w.IsUpgrade, DateTimeOffset.FromUnixTimeMilliseconds(w.WaitingSinceMs), DateTimeOffset.FromUnixTimeMilliseconds(w.DeadlineMs)))],
            info.LastFencingToken);
}
