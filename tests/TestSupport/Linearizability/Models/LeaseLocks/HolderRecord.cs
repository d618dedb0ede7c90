using OrleansSync.Grains.Interfaces.Locks;

namespace OrleansSync.TestSupport.Linearizability.Models.LeaseLocks;

/// <summary>
/// One lease's hold on a lock in the model. The fencing token of a grant nobody has observed yet
/// (a queued request granted by another command) is only known to lie in
/// [<paramref name="TokenMin"/>, <paramref name="TokenMax"/>]; an observation pins it.
/// </summary>
public sealed record HolderRecord(LockMode Mode, int Count, ulong TokenMin, ulong TokenMax);
