namespace OrleansSync.TestSupport.Linearizability.Models.LeaseLocks;

/// <summary>The operations of the lease-lock model: the commands of a lock table, and a read of one lock.</summary>
public enum LeaseLockOperationKind
{
    /// <summary>Opens a lease with a TTL; its id is the log index of the command.</summary>
    OpenLease = 1,

    /// <summary>Renews a lease for another TTL.</summary>
    KeepAlive = 2,

    /// <summary>Closes a lease: its holds are released and its waits removed.</summary>
    CloseLease = 3,

    /// <summary>Acquires a lock for a lease: granted, queued (wait timeout above 0) or not granted (try-lock).</summary>
    Acquire = 4,

    /// <summary>Gives back one hold of a lock.</summary>
    Release = 5,

    /// <summary>Withdraws a lease's queued request on a lock.</summary>
    CancelWait = 6,

    /// <summary>A linearizable read of one lock's holders and waiters.</summary>
    Read = 7,

    /// <summary>Carries time into the table and nothing else: whatever is due expires, and what that frees is granted.</summary>
    Expire = 8,
}
