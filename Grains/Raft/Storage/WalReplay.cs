using System.Buffers.Binary;

namespace OrleansSync.Grains.Raft.Storage;

/// <summary>
/// Rebuilds a <see cref="RaftLogImage"/> from the snapshot file and the WAL segments, oldest first.
/// A bad record at the end of the last segment with no valid record after it is a torn tail (an
/// unsynced write cut short by a crash): replay stops there and the caller truncates it. A bad record
/// anywhere else is corruption and throws <see cref="RaftStorageCorruptedException"/>.
/// </summary>
internal sealed class WalReplay
{
    private readonly RaftLogImage _image = new();

    /// <summary>Where the current run of replayed entries started, for error messages about gaps.</summary>
    private string _windowStart = "the start of the WAL";

    private WalReplay()
    {
    }

    /// <summary>
    /// Replays <paramref name="segments"/> (sets each one's <see cref="WalSegment.LengthBytes"/> to its valid
    /// length and <see cref="WalSegment.MaxEntryIndex"/>), then reconciles with <paramref name="snapshot"/>.
    /// </summary>
    public static WalReplayResult Run(IReadOnlyList<WalSegment> segments, RaftSnapshot? snapshot, string snapshotPath)
    {
        var replay = new WalReplay();
        for (var i = 0; i < segments.Count; i++)
        {
            replay.ReplaySegment(segments[i], isLast: i == segments.Count - 1);
        }

        var markerToWrite = replay.ReconcileSnapshot(snapshot, snapshotPath);
        return new WalReplayResult(replay._image, markerToWrite);
    }

    private void ReplaySegment(WalSegment segment, bool isLast)
    {
        ReadOnlyMemory<byte> bytes = File.ReadAllBytes(segment.Path);
        long offset = 0;
        while (offset < bytes.Length)
        {
            if (!WalFormat.TryReadRecord(bytes, offset, out var record))
            {
                if (isLast && !WalFormat.AnyValidRecordAfter(bytes, offset))
                {
                    break;
                }

                throw Corrupt(segment.Path, offset, isLast
                    ? "an invalid record is followed by valid records (not a torn tail)"
                    : "an invalid record in a segment that is not the last one");
            }

            if ((offset == 0) != (record.Kind == WalRecordKind.SegmentHeader))
            {
                throw Corrupt(segment.Path, offset, offset == 0 ? "the segment does not start with a header" : "a second segment header");
            }

            if (segment.IsSealed)
            {
                throw Corrupt(segment.Path, offset, "a record after the segment's seal");
            }

            Apply(segment, record);
            offset += record.LengthBytes;
        }

        if (!isLast && !segment.IsSealed)
        {
            throw Corrupt(segment.Path, offset, "a segment that is not the last one ends without its seal record (truncated)");
        }

        segment.LengthBytes = offset;
    }

    private void Apply(WalSegment segment, WalRecord record)
    {
        var payload = record.Payload.Span;
        switch (record.Kind)
        {
            case WalRecordKind.SegmentHeader:
                ExpectLength(segment, record, WalFormat.SegmentHeaderPayloadBytes);
                if (BinaryPrimitives.ReadUInt32LittleEndian(payload) != WalFormat.SegmentMagic
                    || BinaryPrimitives.ReadUInt16LittleEndian(payload[4..]) != WalFormat.FormatVersion
                    || BinaryPrimitives.ReadUInt64LittleEndian(payload[8..]) != segment.Sequence)
                {
                    throw Corrupt(segment.Path, record.Offset, "the header's magic, version or sequence is wrong");
                }

                break;
            case WalRecordKind.HardState:
                ExpectLength(segment, record, WalFormat.HardStatePayloadBytes);
                _image.HardState = new HardState(
                    BinaryPrimitives.ReadUInt64LittleEndian(payload),
                    BinaryPrimitives.ReadUInt64LittleEndian(payload[8..]),
                    BinaryPrimitives.ReadUInt64LittleEndian(payload[16..]));
                break;
            case WalRecordKind.SnapshotMarker:
                ApplySnapshotMarker(segment, record);
                break;
            case WalRecordKind.Entry:
                ApplyEntry(segment, record);
                break;
            case WalRecordKind.SegmentSeal:
                ExpectLength(segment, record, WalFormat.SegmentSealPayloadBytes);
                if (BinaryPrimitives.ReadUInt64LittleEndian(payload) != segment.Sequence)
                {
                    throw Corrupt(segment.Path, record.Offset, "the seal names another segment");
                }

                segment.IsSealed = true;
                break;
            default:
                throw Corrupt(segment.Path, record.Offset, $"unknown record kind {record.Kind}");
        }
    }

    private void ApplySnapshotMarker(WalSegment segment, WalRecord record)
    {
        ExpectLength(segment, record, WalFormat.SnapshotMarkerPayloadBytes);
        var payload = record.Payload.Span;
        var index = BinaryPrimitives.ReadUInt64LittleEndian(payload);
        var term = BinaryPrimitives.ReadUInt64LittleEndian(payload[8..]);
        if (index < _image.SnapshotIndex || payload[16] > 1)
        {
            throw Corrupt(segment.Path, record.Offset, $"a snapshot marker for index {index} after one for {_image.SnapshotIndex}, or a bad flag");
        }

        _image.SetSnapshotMarker(index, term, keepSuffix: payload[16] == 1);
    }

    private void ApplyEntry(WalSegment segment, WalRecord record)
    {
        var payload = record.Payload.Span;
        if (payload.Length < WalFormat.EntryPayloadHeaderBytes)
        {
            throw Corrupt(segment.Path, record.Offset, "an entry record shorter than its header");
        }

        var index = BinaryPrimitives.ReadUInt64LittleEndian(payload);
        var term = BinaryPrimitives.ReadUInt64LittleEndian(payload[8..]);
        var kind = (LogEntryKind)payload[16];
        if (term == 0 || !Enum.IsDefined(kind) || index <= _image.SnapshotIndex)
        {
            throw Corrupt(segment.Path, record.Offset, $"entry {index} has term 0, an unknown kind, or is covered by the snapshot at {_image.SnapshotIndex}");
        }

        var entry = new LogEntry(index, term, kind, payload[WalFormat.EntryPayloadHeaderBytes..].ToArray());
        if (_image.EntryCount > 0 && index >= _image.FirstIndex && index <= _image.LastIndex + 1)
        {
            _image.AppendOne(entry);
        }
        else if (_image.EntryCount == 0 || index < _image.FirstIndex)
        {
            // The entries before this one were in segments deleted by compaction (or truncated away);
            // the snapshot must cover them, which ReconcileSnapshot checks.
            _image.ResetEntriesTo(entry);
            _windowStart = $"'{segment.Path}' byte offset {record.Offset}";
        }
        else
        {
            throw Corrupt(segment.Path, record.Offset, $"entry {index} does not follow the last entry {_image.LastIndex}");
        }

        segment.MaxEntryIndex = Math.Max(segment.MaxEntryIndex, index);
    }

    /// <summary>
    /// Attaches the snapshot file to the replayed log. Returns the marker the WAL lacks when the file
    /// is newer than the WAL's last marker (the caller writes it, so the next replay agrees), else null.
    /// </summary>
    private SnapshotMarker? ReconcileSnapshot(RaftSnapshot? snapshot, string snapshotPath)
    {
        SnapshotMarker? markerToWrite = null;
        var markerIndex = _image.SnapshotIndex;
        if (snapshot is null)
        {
            if (markerIndex > 0)
            {
                throw new RaftStorageCorruptedException($"The WAL refers to a snapshot at index {markerIndex} but snapshot file '{snapshotPath}' is missing.");
            }
        }
        else if (snapshot.Index < markerIndex || (snapshot.Index == markerIndex && snapshot.Term != _image.SnapshotTerm))
        {
            throw new RaftStorageCorruptedException(
                $"Snapshot file '{snapshotPath}' (index {snapshot.Index}, term {snapshot.Term}) is older than the WAL's snapshot marker (index {markerIndex}, term {_image.SnapshotTerm}).");
        }
        else if (snapshot.Index == markerIndex)
        {
            _image.AttachSnapshot(snapshot);
        }
        else
        {
            // The snapshot file is written (durably) before its marker reaches the WAL; a crash in
            // between leaves a newer snapshot: apply it as SaveSnapshot would have.
            var keepSuffix = _image.SaveSnapshot(snapshot);
            markerToWrite = new SnapshotMarker(snapshot.Index, snapshot.Term, keepSuffix);
        }

        if (_image.EntryCount > 0 && _image.FirstIndex != _image.SnapshotIndex + 1)
        {
            throw new RaftStorageCorruptedException(
                $"WAL entries {_image.SnapshotIndex + 1}..{_image.FirstIndex - 1} are missing: the log resumes at {_windowStart} but the snapshot covers only up to {_image.SnapshotIndex}.");
        }

        return markerToWrite;
    }

    private static void ExpectLength(WalSegment segment, WalRecord record, int expectedBytes)
    {
        if (record.Payload.Length != expectedBytes)
        {
            throw Corrupt(segment.Path, record.Offset, $"a {record.Kind} record of {record.Payload.Length} payload bytes instead of {expectedBytes}");
        }
    }

    private static RaftStorageCorruptedException Corrupt(string path, long offset, string reason) =>
        new($"WAL segment '{path}' is corrupt at byte offset {offset}: {reason}.");
}
