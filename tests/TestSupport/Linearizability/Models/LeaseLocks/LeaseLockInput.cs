using OrleansSync.Grains.Interfaces.Locks;

namespace OrleansSync.TestSupport.Linearizability.Models.LeaseLocks;

/// <summary>A lock-table operation as a client issued it.</summary>
/// <param name="Kind">Which operation.</param>
/// <param name="Owner">The client that opens leases (for <see cref="LeaseLockOperationKind.OpenLease"/>).</param>
/// <param name="Lock">The lock concerned (empty for lease operations).</param>
/// <param name="LeaseId">The lease concerned (0 for opening a lease and for reads).</param>
/// <param name="Mode">The mode of an acquire.</param>
/// <param name="WaitTimeoutMs">An acquire's wait timeout; 0 is a try-lock.</param>
/// <param name="TtlMs">The TTL of a lease being opened.</param>
public sealed record LeaseLockInput(
    LeaseLockOperationKind Kind, string Owner, string Lock, ulong LeaseId, LockMode Mode, long WaitTimeoutMs, long TtlMs)
{
    public static LeaseLockInput OpenLease(string owner, long ttlMs) => new(LeaseLockOperationKind.OpenLease, owner, string.Empty, 0, LockMode.Exclusive, 0, ttlMs);

    public static LeaseLockInput KeepAlive(ulong leaseId) => new(LeaseLockOperationKind.KeepAlive, string.Empty, string.Empty, leaseId, LockMode.Exclusive, 0, 0);

    public static LeaseLockInput CloseLease(ulong leaseId) => new(LeaseLockOperationKind.CloseLease, string.Empty, string.Empty, leaseId, LockMode.Exclusive, 0, 0);

    public static LeaseLockInput Acquire(string lockName, ulong leaseId, LockMode mode, long waitTimeoutMs) =>
        new(LeaseLockOperationKind.Acquire, string.Empty, lockName, leaseId, mode, waitTimeoutMs, 0);

    public static LeaseLockInput Release(string lockName, ulong leaseId) => new(LeaseLockOperationKind.Release, string.Empty, lockName, leaseId, LockMode.Exclusive, 0, 0);

    public static LeaseLockInput CancelWait(string lockName, ulong leaseId) => new(LeaseLockOperationKind.CancelWait, string.Empty, lockName, leaseId, LockMode.Exclusive, 0, 0);

    public static LeaseLockInput Expire() => new(LeaseLockOperationKind.Expire, string.Empty, string.Empty, 0, LockMode.Exclusive, 0, 0);

    public static LeaseLockInput Read(string lockName) => new(LeaseLockOperationKind.Read, string.Empty, lockName, 0, LockMode.Exclusive, 0, 0);

    public override string ToString() => Kind switch
    {
        LeaseLockOperationKind.OpenLease => $"open-lease({Owner}, ttl {TtlMs}ms)",
        LeaseLockOperationKind.KeepAlive => $"keep-alive({LeaseId})",
        LeaseLockOperationKind.CloseLease => $"close-lease({LeaseId})",
        LeaseLockOperationKind.Acquire => $"acquire({Lock}, lease {LeaseId}, {Mode}, wait {WaitTimeoutMs}ms)",
        LeaseLockOperationKind.Release => $"release({Lock}, lease {LeaseId})",
        LeaseLockOperationKind.CancelWait => $"cancel-wait({Lock}, lease {LeaseId})",
        LeaseLockOperationKind.Expire => "expire()",
        _ => $"read({Lock})",
    };
}
