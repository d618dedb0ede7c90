using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Win32.SafeHandles;

namespace OrleansSync.Grains.Raft.Storage;

/// <summary>
/// A write-ahead-log <see cref="IRaftLogStore"/> in one directory: segment files of CRC-32C-checked
/// records, group commit (writes are buffered and <see cref="Sync"/> issues one fsync), torn-tail
/// recovery, an atomically replaced snapshot file, and deletion of segments a snapshot covers.
/// The format is described on <see cref="WalFormat"/>, <see cref="WalSegment"/> and <see cref="SnapshotFile"/>.
/// </summary>
/// <remarks>
/// <para>Every segment starts with a header record, then the hard state and snapshot marker in force
/// when it was created, so any suffix of segments replays on its own; that is what lets compaction
/// delete whole segments from the front.</para>
/// <para>A sync batch is never split across segments: a new segment is started only after a sync, so
/// only the last segment can ever hold unsynced bytes, and only its tail can be torn.</para>
/// <para><see cref="SaveSnapshot"/> writes the snapshot file durably at once, before its marker
/// enters the WAL buffer, so the WAL never refers to a snapshot that is not on disk.</para>
/// <para>After an I/O error the store refuses further use: what reached the disk is unknown.</para>
/// </remarks>
public sealed partial class FileRaftLogStore : IRaftLogStore
{
    private const string LockFileName = "LOCK";

    private readonly string _directory;
    private readonly FileRaftLogStoreOptions _options;
    private readonly ILogger _logger;
    private readonly List<WalSegment> _segments = [];

    /// <summary>The store's content including buffered writes, without entry data: validates every write.</summary>
    private RaftLogImage _image = new();

    /// <summary>Encoded records not yet written to the active segment.</summary>
    private byte[] _buffer = new byte[4096];
    private int _bufferLength;

    private SafeFileHandle? _lockHandle;
    private SafeFileHandle? _active;

    /// <summary>Bytes were written to the active segment since its last fsync.</summary>
    private bool _activeNeedsFlush;

    /// <summary>A snapshot was saved since the last sync: the sync then deletes covered segments.</summary>
    private bool _compactionPending;
    private bool _loaded;
    private bool _faulted;
    private bool _disposed;

    public FileRaftLogStore(string directory, FileRaftLogStoreOptions? options = null, ILogger<FileRaftLogStore>? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        _options = options ?? new FileRaftLogStoreOptions();
        FileRaftLogStoreOptionsValidator.ThrowIfInvalid(_options);
        _directory = Path.GetFullPath(directory);
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Number of completed <see cref="Sync"/> calls.</summary>
    public long SyncCount { get; private set; }

    /// <summary>Segment files currently kept, oldest first (tests watch compaction through this).</summary>
    internal IReadOnlyList<string> SegmentPaths => [.. _segments.Select(segment => segment.Path)];

    public PersistedRaftState Load()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_loaded)
        {
            throw new InvalidOperationException("Load is called once, before any write.");
        }

        _loaded = true;
        try
        {
            Directory.CreateDirectory(_directory);
            _lockHandle = File.OpenHandle(Path.Combine(_directory, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            File.Delete(Path.Combine(_directory, SnapshotFile.TemporaryFileName));
            var snapshot = SnapshotFile.Read(_directory, _options.MaxSnapshotSizeBytes);
            _segments.AddRange(ListSegments());
            var replay = WalReplay.Run(_segments, snapshot, Path.Combine(_directory, SnapshotFile.FileName));
            _image = replay.Image;
            DropTornTail();
            OpenActiveSegment(replay.MissingSnapshotMarker);
            var state = _image.ToPersistedState();
            _image.DropEntryData();
            return state;
        }
        catch
        {
            _faulted = true;
            CloseHandles();
            throw;
        }
    }

    public void Append(IReadOnlyList<LogEntry> entries)
    {
        EnsureWritable();
        _image.ValidateAppend(entries);
        foreach (var entry in entries)
        {
            if (entry.Data.Length > _options.MaxEntrySizeBytes)
            {
                throw new ArgumentException(
                    $"Entry {entry.Index} has {entry.Data.Length} bytes of data, above the {_options.MaxEntrySizeBytes}-byte limit ({nameof(FileRaftLogStoreOptions.MaxEntrySizeBytes)}).",
                    nameof(entries));
            }
        }

        _image.Append([.. entries.Select(RaftLogImage.WithoutData)]);
        Guard(() =>
        {
            foreach (var entry in entries)
            {
                BufferEntry(entry);
            }
        });
    }

    public void SaveHardState(HardState hardState)
    {
        EnsureWritable();
        _image.HardState = hardState;
        Guard(() =>
        {
            Span<byte> payload = stackalloc byte[WalFormat.HardStatePayloadBytes];
            WalFormat.WriteHardStatePayload(payload, hardState);
            BufferRecord(WalRecordKind.HardState, payload, []);
        });
    }

    public void SaveSnapshot(RaftSnapshot snapshot)
    {
        EnsureWritable();
        _image.ValidateSnapshot(snapshot);
        var encodedBytes = SnapshotFile.Encode(snapshot);
        if (encodedBytes.Length > _options.MaxSnapshotSizeBytes)
        {
            throw new ArgumentException(
                $"Snapshot at index {snapshot.Index} encodes to {encodedBytes.Length} bytes, above the {_options.MaxSnapshotSizeBytes}-byte limit.", nameof(snapshot));
        }

        Guard(() =>
        {
            SnapshotFile.Write(_directory, encodedBytes);
            var keepSuffix = _image.SaveSnapshot(snapshot);
            BufferSnapshotMarker(new SnapshotMarker(snapshot.Index, snapshot.Term, keepSuffix));
            _compactionPending = true;
        });
    }

    public void Sync()
    {
        EnsureWritable();
        Guard(() =>
        {
            WriteBuffer();
            if (_activeNeedsFlush)
            {
                DataFlusher.Flush(_active!);
                _activeNeedsFlush = false;
            }

            if (_compactionPending)
            {
                DeleteCoveredSegments();
                _compactionPending = false;
            }

            if (ActiveSegment.LengthBytes >= _options.SegmentSizeBytes)
            {
                SealActiveSegment();
                StartSegment(ActiveSegment.Sequence + 1, missingMarker: null);
            }

            SyncCount++;
        });
    }

    /// <summary>Closes the files. Buffered (unsynced) writes are dropped, as a crash would drop them.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _bufferLength = 0;
        CloseHandles();
    }

    private WalSegment ActiveSegment => _segments[^1];

    private void EnsureWritable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_loaded)
        {
            throw new InvalidOperationException("Call Load before writing.");
        }

        if (_faulted)
        {
            throw new InvalidOperationException($"The log store in '{_directory}' failed an I/O operation earlier; reopen it to recover.");
        }
    }

    /// <summary>Runs an I/O step; on failure marks the store faulted, since what reached the disk is unknown.</summary>
    private void Guard(Action step)
    {
        try
        {
            step();
        }
        catch
        {
            _faulted = true;
            throw;
        }
    }

    private void CloseHandles()
    {
        _active?.Dispose();
        _active = null;
        _lockHandle?.Dispose();
        _lockHandle = null;
    }
}
