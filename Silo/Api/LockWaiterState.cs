namespace OrleansSync.Silo.Api;

/// <summary>A request queued on a lock (times on the leader's clock).</summary>
internal sealed record LockWaiterState(ulong LeaseId, ulong WaitId, string Mode, bool IsUpgrade, DateTimeOffset WaitingSince, DateTimeOffset Deadline);
