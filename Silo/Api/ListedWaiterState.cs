namespace OrleansSync.Silo.Api;

/// <summary>A queued request in a listing, in FIFO order (<see cref="Position"/> 1 is next).</summary>
internal sealed record ListedWaiterState(
    int Position, ulong LeaseId, string? Owner, ulong WaitId, string Mode, bool IsUpgrade, DateTimeOffset WaitingSince, DateTimeOffset Deadline, DateTimeOffset? LeaseExpiresAt);
