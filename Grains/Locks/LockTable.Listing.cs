namespace OrleansSync.Grains.Locks;

public sealed partial class LockTable
{
    /// <summary>Most locks one listing returns, whatever the caller asks: a listing is read on a replica's turn and must stay short.</summary>
    public const int MaxListedLocks = 1_000;

    /// <summary>
    /// Up to <paramref name="limit"/> locks whose name contains <paramref name="contains"/>
    /// (ordinal; empty matches all), in name order, with the table's totals and the leases they name.
    /// </summary>
    /// <remarks>
    /// A scan of the table's locks (only locks held or waited on are in it), stopping at the first
    /// match past the limit; the table's capacity bounds it.
    /// </remarks>
    public LockListing ListLocks(string contains, int limit)
    {
        ArgumentNullException.ThrowIfNull(contains);
        limit = Math.Clamp(limit, 0, MaxListedLocks);
        var locks = new List<LockInfo>();
        var truncated = false;
        foreach (var name in _locks.Keys)
        {
            if (contains.Length > 0 && !name.Contains(contains, StringComparison.Ordinal))
            {
                continue;
            }

            if (locks.Count == limit)
            {
                truncated = true;
                break;
            }

            locks.Add(GetLock(name)!);
        }

        var leases = locks
            .SelectMany(l => l.Holders.Select(h => h.LeaseId).Concat(l.Waiters.Select(w => w.LeaseId)))
            .Distinct()
            .Order()
            .Select(id => _leases[id])
            .Select(lease => new LeaseInfo(lease.Id, lease.Owner, lease.ExpiresAtMs))
            .ToList();
        return new LockListing(_locks.Count, _leases.Count, _nowMs, locks, truncated, leases);
    }
}
