namespace OrleansSync.Grains.Locks;

/// <summary>An open lease as a listing reports it: its owner (the node of the wait-for graph) and when it expires unless renewed.</summary>
public sealed record LeaseInfo(ulong LeaseId, string Owner, long ExpiresAtMs);
