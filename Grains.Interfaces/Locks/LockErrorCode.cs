namespace OrleansSync.Grains.Interfaces.Locks;

/// <summary>
/// Why a lock operation was refused. The numeric values are a stable wire and API contract:
/// never renumber, only append.
/// </summary>
public enum LockErrorCode : byte
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>The lock name is empty, too long, or contains control characters.</summary>
    InvalidLockName = 1,

    /// <summary>An argument is out of range (a TTL, a wait timeout).</summary>
    InvalidArgument = 2,

    /// <summary>The lease id names no lease (never opened, closed, or long expired).</summary>
    UnknownLease = 3,

    /// <summary>The lease expired: its locks were released and its waits cancelled.</summary>
    LeaseExpired = 4,

    /// <summary>The lease does not hold the lock it tried to release (wrong owner).</summary>
    NotHolder = 5,

    /// <summary>Two shared holders asked to upgrade the same lock: granting either would deadlock.</summary>
    UpgradeConflict = 6,

    /// <summary>A reentrant upgrade (shared held more than once) is not supported: release down to one hold first.</summary>
    UpgradeOfReentrantHold = 7,

    /// <summary>The lock already has as many waiters as the table allows.</summary>
    TooManyWaiters = 8,

    /// <summary>The table already holds as many locks, leases or holds as it allows.</summary>
    CapacityExceeded = 9,

    /// <summary>The lease already waits on this lock.</summary>
    AlreadyWaiting = 10,

    /// <summary>The wait was aborted to break a deadlock cycle.</summary>
    DeadlockDetected = 11,

    /// <summary>The wait timed out before the lock was granted.</summary>
    WaitTimedOut = 12,

    /// <summary>The lease holds the lock too many times over (reentrancy bound).</summary>
    ReentrancyLimit = 13,

    /// <summary>The lease is not waiting on this lock (nothing to cancel).</summary>
    NotWaiting = 14,
}
