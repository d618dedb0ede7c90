namespace OrleansSync.Silo.Api;

/// <summary>A holder in a listing: lease, owner, mode, holds, fencing token and when its lease ends unless renewed (the leader's clock).</summary>
internal sealed record ListedHolderState(ulong LeaseId, string? Owner, string Mode, int HoldCount, ulong FencingToken, DateTimeOffset? LeaseExpiresAt);
