namespace OrleansSync.Grains.Locks;

/// <summary>Something that happened to a request other than the command's own.</summary>
public enum LockEventKind : byte
{
    /// <summary>A queued request was granted.</summary>
    Granted = 1,

    /// <summary>A queued request's wait timeout passed.</summary>
    WaitTimedOut = 2,

    /// <summary>A queued request was removed to break a deadlock.</summary>
    WaitAborted = 3,

    /// <summary>A lease expired: its locks were released and its waits removed.</summary>
    LeaseExpired = 4,

    /// <summary>A queued request was removed because its lease expired or was closed.</summary>
    WaitCancelled = 5,
}
