namespace OrleansSync.Grains.Raft;

/// <summary>
/// A follower's buffer for the chunks of one snapshot from one leader term. Chunks must arrive in
/// order; a duplicate or a gap is answered with the offset the receiver expects next.
/// </summary>
internal sealed class SnapshotReceiver
{
    private readonly byte[] _data;

    private SnapshotReceiver(InstallSnapshot first)
    {
        Leader = first.From;
        LeaderTerm = first.Term;
        SnapshotIndex = first.SnapshotIndex;
        SnapshotTerm = first.SnapshotTerm;
        Configuration = first.Configuration;
        _data = new byte[first.TotalSizeBytes];
    }

    public ulong Leader { get; }

    public ulong LeaderTerm { get; }

    public ulong SnapshotIndex { get; }

    public ulong SnapshotTerm { get; }

    public ClusterConfiguration Configuration { get; }

    /// <summary>Bytes received in order so far.</summary>
    public int ReceivedBytes { get; private set; }

    public bool IsComplete => ReceivedBytes == _data.Length;

    /// <summary>Starts a receiver if <paramref name="chunk"/> is a first chunk of acceptable size; otherwise null.</summary>
    public static SnapshotReceiver? Start(InstallSnapshot chunk, int maxSnapshotBytes) =>
        chunk.Offset == 0 && chunk.TotalSizeBytes >= 0 && chunk.TotalSizeBytes <= maxSnapshotBytes
            ? new SnapshotReceiver(chunk)
            : null;

    public bool IsFor(InstallSnapshot chunk) =>
        chunk.From == Leader && chunk.Term == LeaderTerm && chunk.SnapshotIndex == SnapshotIndex &&
        chunk.SnapshotTerm == SnapshotTerm && chunk.TotalSizeBytes == _data.Length;

    /// <summary>Takes the chunk if it is the next one expected; ignores duplicates and gaps.</summary>
    public void Accept(InstallSnapshot chunk)
    {
        RaftAssert.That(IsFor(chunk), "a chunk is accepted only by the receiver of its snapshot");
        if (chunk.Offset != ReceivedBytes || chunk.Chunk.Length > _data.Length - ReceivedBytes)
        {
            return;
        }

        chunk.Chunk.Span.CopyTo(_data.AsSpan(ReceivedBytes));
        ReceivedBytes += chunk.Chunk.Length;
    }

    public RaftSnapshot ToSnapshot()
    {
        RaftAssert.That(IsComplete, "a snapshot is assembled only when every chunk arrived");
        return new RaftSnapshot(SnapshotIndex, SnapshotTerm, Configuration, _data);
    }
}
