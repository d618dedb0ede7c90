namespace OrleansSync.Grains.Locks;

/// <summary>
/// "Owner <see cref="WaiterOwner"/>'s wait <see cref="WaitId"/> on <see cref="LockName"/> (group
/// <see cref="GroupId"/>) cannot proceed before owner <see cref="BlockerOwner"/> moves."
/// <see cref="BlockerTag"/> identifies the blocker's hold (its fencing token) or queued request
/// (its wait id), so that a second gathering can tell that the very same edge still stands.
/// </summary>
public sealed record WaitForEdge(
    int GroupId,
    string LockName,
    string WaiterOwner,
    ulong WaiterLeaseId,
    ulong WaitId,
    long WaitingSinceMs,
    string BlockerOwner,
    ulong BlockerTag);
