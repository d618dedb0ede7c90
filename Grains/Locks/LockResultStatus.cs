namespace OrleansSync.Grains.Locks;

/// <summary>The outcome class of a <see cref="LockTable"/> command.</summary>
public enum LockResultStatus : byte
{
    /// <summary>Done (lease opened or kept alive, lock released, wait cancelled, expiry run).</summary>
    Ok = 1,

    /// <summary>The lock is held by the lease now.</summary>
    Granted = 2,

    /// <summary>The request waits in the lock's queue; a later <see cref="LockEventKind.Granted"/> event ends the wait.</summary>
    Queued = 3,

    /// <summary>A try-lock found the lock busy.</summary>
    NotGranted = 4,

    /// <summary>Refused; <see cref="LockResult.Error"/> says why.</summary>
    Failed = 5,
}
