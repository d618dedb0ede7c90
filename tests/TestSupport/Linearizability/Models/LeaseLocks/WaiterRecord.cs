using OrleansSync.Grains.Interfaces.Locks;

namespace OrleansSync.TestSupport.Linearizability.Models.LeaseLocks;

/// <summary>A queued request in the model, in FIFO order (an upgrade of a shared hold queues at the front).</summary>
public sealed record WaiterRecord(ulong LeaseId, ulong WaitId, LockMode Mode, long DeadlineMs, long SinceMs, bool IsUpgrade = false);
