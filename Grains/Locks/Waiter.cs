using OrleansSync.Grains.Interfaces.Locks;

namespace OrleansSync.Grains.Locks;

/// <summary>A queued acquire. <see cref="IsUpgrade"/>: a shared holder asking for exclusive.</summary>
internal sealed record Waiter(ulong WaitId, ulong LeaseId, LockMode Mode, bool IsUpgrade, long DeadlineMs, long WaitingSinceMs);
