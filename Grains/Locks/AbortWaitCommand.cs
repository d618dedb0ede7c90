namespace OrleansSync.Grains.Locks;

/// <summary>
/// Aborts the wait <paramref name="WaitId"/> to break a deadlock. It takes effect only if that
/// very wait is still queued, so a stale abort (the wait already ended) does nothing.
/// </summary>
public sealed record AbortWaitCommand(string LockName, ulong LeaseId, ulong WaitId, string Cycle) : LockCommand;
