using OrleansSync.Grains.Interfaces.Locks;

namespace OrleansSync.Grains.Locks;

/// <summary>An event for a request other than the command's own; the host routes it to whoever waits.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="LockName">The lock concerned (empty for <see cref="LockEventKind.LeaseExpired"/>).</param>
/// <param name="LeaseId">The lease concerned.</param>
/// <param name="WaitId">The wait concerned (0 for lease events).</param>
/// <param name="Mode">The mode of the request concerned.</param>
/// <param name="FencingToken">For <see cref="LockEventKind.Granted"/>: the grant's fencing token.</param>
/// <param name="Detail">For aborts: the deadlock cycle; otherwise a short reason.</param>
public sealed record LockEvent(
    LockEventKind Kind, string LockName, ulong LeaseId, ulong WaitId, LockMode Mode, ulong FencingToken, string? Detail);
