using OrleansSync.Grains.Locks;

namespace OrleansSync.Silo.Api;

/// <summary>The body of <c>GET /locks/{name}</c>: holders, waiters in queue order, and the last fencing token granted.</summary>
internal sealed record LockState(string Name, bool Held, IReadOnlyList<LockHolderState> Holders, IReadOnlyList<LockWaiterState> Waiters, ulong LastFencingToken)
{
    public static LockState From(string name, LockInfo? info) => info is null
        ? new LockState(name, false, [], [], 0)
        : new LockState(
            name,
            info.Holders.Count > 0,
            [.. info.Holders.Select(h => new LockHolderState(h.LeaseId, LockModes.Name(h.Mode), h.HoldCount, h.FencingToken))],
            [.. info.Waiters.Select(w => new LockWaiterState(
                w.LeaseId, w.WaitId, LockModes.Name(w.Mode), w.IsUpgrade, DateTimeOffset.FromUnixTimeMilliseconds(w.WaitingSinceMs), DateTimeOffset.FromUnixTimeMilliseconds(w.DeadlineMs)))],
            info.LastFencingToken);
}
