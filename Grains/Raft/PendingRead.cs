namespace OrleansSync.Grains.Raft;

/// <summary>A ReadIndex request the leader holds until a heartbeat quorum confirms <see cref="Round"/>.</summary>
/// <param name="Round">The heartbeat round that must be acknowledged by a quorum.</param>
/// <param name="Index">The commit index when the read arrived: the read is served after applying it.</param>
/// <param name="Requester">The node that asked (the leader itself, or a follower that forwarded it).</param>
/// <param name="Context">The caller's read id.</param>
internal readonly record struct PendingRead(ulong Round, ulong Index, ulong Requester, ReadOnlyMemory<byte> Context);
