namespace OrleansSync.Grains.Raft;

/// <summary>One chunk of the leader's snapshot, for a follower whose next entry the leader has compacted.</summary>
/// <param name="From">Sender.</param>
/// <param name="To">Receiver.</param>
/// <param name="Term">Sender's term.</param>
/// <param name="SnapshotIndex">Last index the snapshot covers.</param>
/// <param name="SnapshotTerm">Term of that index.</param>
/// <param name="Configuration">The configuration in force at SnapshotIndex.</param>
/// <param name="TotalSizeBytes">Size of the whole snapshot data.</param>
/// <param name="Offset">Where <paramref name="Chunk"/> starts in the snapshot data.</param>
/// <param name="Chunk">At most <see cref="RaftOptions.SnapshotChunkBytes"/> bytes.</param>
public sealed record InstallSnapshot(
    ulong From,
    ulong To,
    ulong Term,
    ulong SnapshotIndex,
    ulong SnapshotTerm,
    ClusterConfiguration Configuration,
    int TotalSizeBytes,
    int Offset,
    ReadOnlyMemory<byte> Chunk)
    : RaftMessage(From, To, Term)
{
    /// <summary>The chunk ends the snapshot.</summary>
    public bool IsLastChunk => Offset + Chunk.Length == TotalSizeBytes;
}
