namespace OrleansSync.Silo.Api;

/// <summary>A lease holding a lock (<see cref="HoldCount"/> times, reentrantly), with the fencing token of its grant.</summary>
internal sealed record LockHolderState(ulong LeaseId, string Mode, int HoldCount, ulong FencingToken);
