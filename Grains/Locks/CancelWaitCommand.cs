namespace OrleansSync.Grains.Locks;

/// <summary>Withdraws a lease's queued request for <paramref name="LockName"/> (the caller gave up).</summary>
public sealed record CancelWaitCommand(string LockName, ulong LeaseId) : LockCommand;
