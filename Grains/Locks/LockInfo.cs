namespace OrleansSync.Grains.Locks;

/// <summary>A lock's holders, waiters (queue order) and the last fencing token it granted.</summary>
public sealed record LockInfo(string Name, IReadOnlyList<LockHolderInfo> Holders, IReadOnlyList<LockWaiterInfo> Waiters, ulong LastFencingToken);
