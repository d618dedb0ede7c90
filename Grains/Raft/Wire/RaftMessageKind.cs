namespace OrleansSync.Grains.Raft.Wire;

/// <summary>The wire tag of each <see cref="RaftMessage"/> type. Stable: never renumber, only append.</summary>
internal enum RaftMessageKind : byte
{
    RequestVote = 1,
    RequestVoteResponse = 2,
    AppendEntries = 3,
    AppendEntriesResponse = 4,
    Heartbeat = 5,
    HeartbeatResponse = 6,
    InstallSnapshot = 7,
    InstallSnapshotResponse = 8,
    ReadIndexRequest = 9,
    ReadIndexResponse = 10,
    TimeoutNow = 11,
}
