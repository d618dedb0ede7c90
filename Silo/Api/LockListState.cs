namespace OrleansSync.Silo.Api;

/// <summary>
/// The body of <c>GET /cluster/locks</c>: the lock totals of every group and the locks whose name
/// contains the search text (name order, at most the limit), read linearizably from each group.
/// </summary>
/// <param name="Contains">The search text (empty: every lock).</param>
/// <param name="TotalLocks">Locks held or waited on, summed over the groups that answered.</param>
/// <param name="TotalLeases">Open leases, summed over the groups that answered.</param>
/// <param name="Truncated">More locks matched than are listed.</param>
/// <param name="Groups">Each group's totals, or why it did not answer.</param>
/// <param name="Locks">The matching locks, by name.</param>
internal sealed record LockListState(
    string Contains, int TotalLocks, int TotalLeases, bool Truncated, IReadOnlyList<LockGroupTotals> Groups, IReadOnlyList<ListedLockState> Locks);
