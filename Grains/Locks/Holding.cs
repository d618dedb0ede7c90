using OrleansSync.Grains.Interfaces.Locks;

namespace OrleansSync.Grains.Locks;

/// <summary>One lease's hold on one lock.</summary>
internal sealed class Holding(ulong leaseId, LockMode mode, ulong fencingToken)
{
    public ulong LeaseId { get; } = leaseId;

    public LockMode Mode { get; set; } = mode;

    /// <summary>How many times the lease acquired the lock without releasing it.</summary>
    public int HoldCount { get; set; } = 1;

    public ulong FencingToken { get; set; } = fencingToken;
}
