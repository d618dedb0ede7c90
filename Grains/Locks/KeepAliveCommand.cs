namespace OrleansSync.Grains.Locks;

/// <summary>Extends a lease to its TTL past now.</summary>
public sealed record KeepAliveCommand(ulong LeaseId) : LockCommand;
