namespace OrleansSync.Grains.Raft;

/// <summary>
/// A follower acknowledges snapshot chunks: it holds the first <paramref name="NextOffset"/> bytes
/// of the snapshot (<paramref name="SnapshotIndex"/>, <paramref name="SnapshotTerm"/>).
/// After the last chunk it answers with an <see cref="AppendEntriesResponse"/> instead.
/// </summary>
public sealed record InstallSnapshotResponse(ulong From, ulong To, ulong Term, ulong SnapshotIndex, ulong SnapshotTerm, int NextOffset)
    : RaftMessage(From, To, Term);
