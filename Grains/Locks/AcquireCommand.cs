using OrleansSync.Grains.Interfaces.Locks;

namespace OrleansSync.Grains.Locks;

/// <summary>
/// Acquires <paramref name="LockName"/> for a lease. A zero <paramref name="WaitTimeoutMs"/> is a
/// try-lock: granted now or not at all. Otherwise the request queues (FIFO) until granted, the
/// timeout passes, the lease expires, or a deadlock abort removes it.
/// </summary>
public sealed record AcquireCommand(string LockName, ulong LeaseId, LockMode Mode, long WaitTimeoutMs) : LockCommand;
