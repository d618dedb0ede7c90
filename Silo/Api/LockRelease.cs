namespace OrleansSync.Silo.Api;

/// <summary>The answer to a release: the lease no longer holds the lock, and the lease is closed.</summary>
internal sealed record LockRelease(string Name, ulong LeaseId, bool Released);
