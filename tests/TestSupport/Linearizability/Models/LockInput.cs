namespace OrleansSync.TestSupport.Linearizability.Models;

/// <summary>A lock operation as the client issued it.</summary>
/// <param name="Kind">Which operation.</param>
/// <param name="Lock">The lock's name (the partition).</param>
/// <param name="Owner">Who acquires or releases.</param>
public sealed record LockInput(LockOperationKind Kind, string Lock, string Owner)
{
    public static LockInput AcquireExclusive(string lockName, string owner) => new(LockOperationKind.AcquireExclusive, lockName, owner);

    public static LockInput AcquireShared(string lockName, string owner) => new(LockOperationKind.AcquireShared, lockName, owner);

    public static LockInput Release(string lockName, string owner) => new(LockOperationKind.Release, lockName, owner);

    public override string ToString() => Kind switch
    {
        LockOperationKind.AcquireExclusive => $"acquire-exclusive({Lock}, {Owner})",
        LockOperationKind.AcquireShared => $"acquire-shared({Lock}, {Owner})",
        _ => $"release({Lock}, {Owner})",
    };
}
