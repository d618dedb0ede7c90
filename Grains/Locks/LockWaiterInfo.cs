using OrleansSync.Grains.Interfaces.Locks;

namespace OrleansSync.Grains.Locks;

/// <summary>One queued request of a lock, as a query reports it, in queue order.</summary>
public sealed record LockWaiterInfo(ulong LeaseId, ulong WaitId, LockMode Mode, bool IsUpgrade, long DeadlineMs, long WaitingSinceMs);
