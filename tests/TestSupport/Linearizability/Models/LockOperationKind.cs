namespace OrleansSync.TestSupport.Linearizability.Models;

/// <summary>The operations of the lock model.</summary>
public enum LockOperationKind
{
    /// <summary>Asks for the lock alone; granted only when nobody holds it.</summary>
    AcquireExclusive = 1,

    /// <summary>Asks for the lock alongside other shared holders; granted only when no exclusive holder exists.</summary>
    AcquireShared = 2,

    /// <summary>Gives the lock back; succeeds only for a current holder.</summary>
    Release = 3,
}
