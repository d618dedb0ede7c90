using OrleansSync.Grains.Interfaces.Locks;

namespace OrleansSync.Grains.Locks.Client;

/// <summary>
/// A lock granted under a lease of its own that nobody keeps alive for the caller: it stays held
/// until <see cref="LeaseExpiresAt"/> unless kept alive or released with <see cref="LeaseId"/>,
/// possibly by another process (the HTTP API, the console client's <c>lock acquire</c>).
/// </summary>
public sealed record LeasedLock(string Name, LockMode Mode, ulong LeaseId, ulong FencingToken, DateTimeOffset LeaseExpiresAt);
