using Microsoft.Extensions.Logging;

namespace OrleansSync.Grains.Raft.Storage;

public sealed partial class FileRaftLogStore
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Warning,
        Message = "Dropped a torn WAL tail: segment {SegmentPath} is cut at byte {ValidLengthBytes}, {DroppedBytes} bytes of an unsynced write discarded")]
    private static partial void LogTornTailDropped(ILogger logger, string segmentPath, long validLengthBytes, long droppedBytes);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Debug, Message = "Started WAL segment {SegmentPath} (snapshot index {SnapshotIndex})")]
    private static partial void LogSegmentStarted(ILogger logger, string segmentPath, ulong snapshotIndex);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "Deleted {SegmentCount} WAL segments covered by the snapshot at index {SnapshotIndex}")]
    private static partial void LogSegmentsDeleted(ILogger logger, int segmentCount, ulong snapshotIndex);
}
