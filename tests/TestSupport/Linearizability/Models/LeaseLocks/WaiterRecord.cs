using OrleansSync.Grains.Interfaces.Locks;

namespace OrleansSync.TestSupport.Linearizability.Models.LeaseLocks;

/// <summary>A queued request in the model, in FIFO order.</summary>
public sealed record WaiterRecord(ulong LeaseId, ulong WaitId, LockMode Mode, long DeadlineMs, long SinceMs);
