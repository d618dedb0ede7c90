namespace OrleansSync.Silo.Api;

/// <summary>A lock in a listing: its group, holders (with their leases' expiry) and FIFO waiters in queue order.</summary>
internal sealed record ListedLockState(string Name, int Group, IReadOnlyList<ListedHolderState> Holders, IReadOnlyList<ListedWaiterState> Waiters, ulong LastFencingToken);
