namespace OrleansSync.Grains.Locks;

/// <summary>The read-only questions a <see cref="LockStateMachine"/> answers. Stable tags.</summary>
public enum LockQueryKind : byte
{
    /// <summary>A lock's holders, waiters and last token.</summary>
    GetLock = 1,

    /// <summary>Every wait-for edge of the group, for deadlock detection.</summary>
    WaitForEdges = 2,

    /// <summary>When a lease expires (or that it is not open).</summary>
    LeaseExpiry = 3,

    /// <summary>A lock's last fencing token, held or free (see <see cref="LockTable.GetLastFencingToken"/>).</summary>
    LastFencingToken = 4,

    /// <summary>The table's totals and the locks whose name contains a text, with their leases (see <see cref="LockTable.ListLocks"/>).</summary>
    ListLocks = 5,
}
