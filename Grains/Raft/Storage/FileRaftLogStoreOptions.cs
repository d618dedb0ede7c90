namespace OrleansSync.Grains.Raft.Storage;

/// <summary>Limits of a <see cref="FileRaftLogStore"/>. Checked by <see cref="FileRaftLogStoreOptionsValidator"/>.</summary>
public sealed class FileRaftLogStoreOptions
{
    public const long DefaultSegmentSizeBytes = 64L * 1024 * 1024;
    public const int DefaultMaxEntrySizeBytes = 8 * 1024 * 1024;
    public const int DefaultWriteBufferSizeBytes = 1024 * 1024;
    public const long DefaultMaxSnapshotSizeBytes = 1024L * 1024 * 1024;

    /// <summary>
    /// A segment is closed and a new one started after a <see cref="FileRaftLogStore.Sync"/> leaves it at
    /// or above this size. Soft limit: one sync batch is never split across segments, so a segment
    /// can exceed it by one batch.
    /// </summary>
    public long SegmentSizeBytes { get; set; } = DefaultSegmentSizeBytes;

    /// <summary>Largest <see cref="LogEntry.Data"/> accepted by Append; a larger entry is rejected with <see cref="ArgumentException"/>.</summary>
    public int MaxEntrySizeBytes { get; set; } = DefaultMaxEntrySizeBytes;

    /// <summary>Encoded records are buffered up to this size, then written (not fsynced) ahead of the next Sync.</summary>
    public int WriteBufferSizeBytes { get; set; } = DefaultWriteBufferSizeBytes;

    /// <summary>Largest snapshot file written or read; a larger snapshot is rejected (write) or reported corrupt (read).</summary>
    public long MaxSnapshotSizeBytes { get; set; } = DefaultMaxSnapshotSizeBytes;
}
