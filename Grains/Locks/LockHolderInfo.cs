using OrleansSync.Grains.Interfaces.Locks;

namespace OrleansSync.Grains.Locks;

/// <summary>One holder of a lock, as a query reports it.</summary>
public sealed record LockHolderInfo(ulong LeaseId, LockMode Mode, int HoldCount, ulong FencingToken);
