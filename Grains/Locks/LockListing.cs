namespace OrleansSync.Grains.Locks;

/// <summary>
/// Part of a group's lock table, for inspection (dashboards): the table's totals, the locks whose
/// name matched (name order, at most the limit asked), and the leases those locks name.
/// </summary>
/// <param name="LockCount">Locks held or waited on in the whole table.</param>
/// <param name="LeaseCount">Open leases in the whole table.</param>
/// <param name="NowMs">Table time (the leader's clock as of the last applied command), to judge expiries by.</param>
/// <param name="Locks">Matching locks in name order.</param>
/// <param name="Truncated">More locks matched than the limit allowed.</param>
/// <param name="Leases">Every lease that holds or waits on one of <paramref name="Locks"/>.</param>
public sealed record LockListing(int LockCount, int LeaseCount, long NowMs, IReadOnlyList<LockInfo> Locks, bool Truncated, IReadOnlyList<LeaseInfo> Leases);
