namespace OrleansSync.Grains.Locks;

/// <summary>The wire tag of each <see cref="LockCommand"/>. Stable: never renumber, only append.</summary>
internal enum LockCommandKind : byte
{
    OpenLease = 1,
    KeepAlive = 2,
    CloseLease = 3,
    Acquire = 4,
    Release = 5,
    CancelWait = 6,
    AbortWait = 7,
    Expire = 8,
}
