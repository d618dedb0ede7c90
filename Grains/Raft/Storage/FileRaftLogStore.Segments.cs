using System.Buffers.Binary;

namespace OrleansSync.Grains.Raft.Storage;

/// <summary>Segment management of <see cref="FileRaftLogStore"/>: listing, recovery, creation, compaction, buffering.</summary>
public sealed partial class FileRaftLogStore
{
    private List<WalSegment> ListSegments()
    {
        var segments = new List<WalSegment>();
        foreach (var path in Directory.EnumerateFiles(_directory, "*" + WalSegment.FileExtension))
        {
            if (WalSegment.TryParseFileName(Path.GetFileName(path), out var sequence))
            {
                segments.Add(new WalSegment(sequence, path));
            }
        }

        segments.Sort((left, right) => left.Sequence.CompareTo(right.Sequence));
        for (var i = 1; i < segments.Count; i++)
        {
            if (segments[i].Sequence != segments[i - 1].Sequence + 1)
            {
                throw new RaftStorageCorruptedException(
                    $"WAL segment {segments[i - 1].Sequence + 1} is missing in '{_directory}' (found {segments[i - 1].Sequence} then {segments[i].Sequence}).");
            }
        }

        return segments;
    }

    /// <summary>Cuts the last segment back to its last valid record (a torn tail), or deletes it if no header survived.</summary>
    private void DropTornTail()
    {
        if (_segments.Count == 0)
        {
            return;
        }

        var last = ActiveSegment;
        var fileLength = new FileInfo(last.Path).Length;
        if (fileLength == last.LengthBytes)
        {
            return;
        }

        LogTornTailDropped(_logger, last.Path, last.LengthBytes, fileLength - last.LengthBytes);
        if (last.LengthBytes == 0)
        {
            File.Delete(last.Path);
            DirectoryFlusher.Flush(_directory);
            _segments.RemoveAt(_segments.Count - 1);
            return;
        }

        using var handle = File.OpenHandle(last.Path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        RandomAccess.SetLength(handle, last.LengthBytes);
        RandomAccess.FlushToDisk(handle);
    }

    /// <summary>
    /// Opens the last segment for appending, first giving it <paramref name="missingMarker"/> (see
    /// <see cref="WalReplayResult"/>), and starts a new segment if it is sealed or full.
    /// </summary>
    private void OpenActiveSegment(SnapshotMarker? missingMarker)
    {
        if (_segments.Count == 0)
        {
            StartSegment(1, missingMarker);
            return;
        }

        _active = File.OpenHandle(ActiveSegment.Path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        if (missingMarker is { } marker && !ActiveSegment.IsSealed)
        {
            BufferSnapshotMarker(marker);
            WriteBuffer();
            RandomAccess.FlushToDisk(_active);
            _activeNeedsFlush = false;
            missingMarker = null;
        }

        if (ActiveSegment.IsSealed || ActiveSegment.LengthBytes >= _options.SegmentSizeBytes)
        {
            if (!ActiveSegment.IsSealed)
            {
                SealActiveSegment();
            }

            StartSegment(ActiveSegment.Sequence + 1, missingMarker);
        }
    }

    /// <summary>Ends the active segment with a durable seal record; called only when nothing is buffered.</summary>
    private void SealActiveSegment()
    {
        Span<byte> payload = stackalloc byte[WalFormat.SegmentSealPayloadBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(payload, ActiveSegment.Sequence);
        BufferRecord(WalRecordKind.SegmentSeal, payload, []);
        WriteBuffer();
        RandomAccess.FlushToDisk(_active!);
        _activeNeedsFlush = false;
        ActiveSegment.IsSealed = true;
    }

    /// <summary>
    /// Creates segment <paramref name="sequence"/> holding its header, then <paramref name="missingMarker"/>
    /// if any, the hard state and the snapshot marker; fsyncs it and the directory, and makes it the
    /// active segment. Called only when nothing is buffered, so the base records describe exactly
    /// what the older segments hold.
    /// </summary>
    private void StartSegment(ulong sequence, SnapshotMarker? missingMarker)
    {
        if (_bufferLength != 0)
        {
            throw new InvalidOperationException("A segment is started only when no write is buffered.");
        }

        var segment = new WalSegment(sequence, Path.Combine(_directory, WalSegment.FileNameFor(sequence)));
        Span<byte> payload = stackalloc byte[WalFormat.SegmentHeaderPayloadBytes + WalFormat.HardStatePayloadBytes];
        WalFormat.WriteSegmentHeaderPayload(payload, sequence);
        BufferRecord(WalRecordKind.SegmentHeader, payload[..WalFormat.SegmentHeaderPayloadBytes], []);
        if (missingMarker is { } marker)
        {
            BufferSnapshotMarker(marker);
        }

        WalFormat.WriteHardStatePayload(payload, _image.HardState);
        BufferRecord(WalRecordKind.HardState, payload[..WalFormat.HardStatePayloadBytes], []);
        if (_image.SnapshotIndex > 0)
        {
            BufferSnapshotMarker(new SnapshotMarker(_image.SnapshotIndex, _image.SnapshotTerm, KeepSuffix: true));
        }

        var handle = File.OpenHandle(segment.Path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            RandomAccess.Write(handle, _buffer.AsSpan(0, _bufferLength), 0);
            RandomAccess.FlushToDisk(handle);
            DirectoryFlusher.Flush(_directory);
        }
        catch
        {
            handle.Dispose();
            throw;
        }

        segment.LengthBytes = _bufferLength;
        _bufferLength = 0;
        _active?.Dispose();
        _active = handle;
        _segments.Add(segment);
        LogSegmentStarted(_logger, segment.Path, _image.SnapshotIndex);
    }

    /// <summary>
    /// Deletes, oldest first, the segments before the active one whose entries a durable snapshot
    /// covers. Each deletion is made durable before the next, so the kept segments always form a
    /// contiguous suffix even if the machine crashes half-way.
    /// </summary>
    private void DeleteCoveredSegments()
    {
        var deleted = 0;
        while (_segments.Count > 1 && _segments[0].MaxEntryIndex <= _image.SnapshotIndex)
        {
            File.Delete(_segments[0].Path);
            DirectoryFlusher.Flush(_directory);
            _segments.RemoveAt(0);
            deleted++;
        }

        if (deleted > 0)
        {
            LogSegmentsDeleted(_logger, deleted, _image.SnapshotIndex);
        }
    }

    private void BufferSnapshotMarker(SnapshotMarker marker)
    {
        Span<byte> payload = stackalloc byte[WalFormat.SnapshotMarkerPayloadBytes];
        WalFormat.WriteSnapshotMarkerPayload(payload, marker.Index, marker.Term, marker.KeepSuffix);
        BufferRecord(WalRecordKind.SnapshotMarker, payload, []);
    }

    private void BufferEntry(LogEntry entry)
    {
        Span<byte> header = stackalloc byte[WalFormat.EntryPayloadHeaderBytes];
        WalFormat.WriteEntryPayloadHeader(header, entry);
        BufferRecord(WalRecordKind.Entry, header, entry.Data.Span);
        ActiveSegment.MaxEntryIndex = Math.Max(ActiveSegment.MaxEntryIndex, entry.Index);
    }

    /// <summary>Encodes a record into the write buffer, first writing the buffer out if the record would overflow it.</summary>
    private void BufferRecord(WalRecordKind kind, ReadOnlySpan<byte> payloadHeader, ReadOnlySpan<byte> payloadData)
    {
        var recordBytes = WalFormat.RecordOverheadBytes + payloadHeader.Length + payloadData.Length;
        if (_bufferLength > 0 && _bufferLength + recordBytes > _options.WriteBufferSizeBytes && _active is not null)
        {
            WriteBuffer();
        }

        if (_bufferLength + recordBytes > _buffer.Length)
        {
            var capacity = Math.Max(_bufferLength + recordBytes, Math.Min(_buffer.Length * 2, _options.WriteBufferSizeBytes));
            Array.Resize(ref _buffer, capacity);
        }

        _bufferLength += WalFormat.WriteRecord(_buffer.AsSpan(_bufferLength), kind, payloadHeader, payloadData);
    }

    /// <summary>Writes the buffer to the active segment (to the OS; no fsync).</summary>
    private void WriteBuffer()
    {
        if (_bufferLength == 0)
        {
            return;
        }

        var segment = ActiveSegment;
        RandomAccess.Write(_active!, _buffer.AsSpan(0, _bufferLength), segment.LengthBytes);
        segment.LengthBytes += _bufferLength;
        _bufferLength = 0;
        _activeNeedsFlush = true;
    }
}
