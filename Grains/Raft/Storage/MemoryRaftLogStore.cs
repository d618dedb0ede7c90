namespace OrleansSync.Grains.Raft.Storage;

/// <summary>
/// The reference <see cref="IRaftLogStore"/>: everything lives in process memory. Writes are
/// buffered until <see cref="Sync"/> exactly like the file store's, so <see cref="SyncedState"/>
/// (what a crash would keep) never shows an unsynced write; a test or simulator "restarts" a node by
/// constructing a new store from the old store's <see cref="SyncedState"/>.
/// </summary>
/// <remarks>
/// Entries are kept by reference, not copied: callers must not mutate the memory behind
/// <see cref="LogEntry.Data"/> or <see cref="RaftSnapshot.Data"/> after handing it over.
/// The pending-write list is bounded by the caller: it holds one Ready batch between two syncs.
/// </remarks>
public sealed class MemoryRaftLogStore : IRaftLogStore
{
    /// <summary>What <see cref="Append"/>/<see cref="SaveHardState"/>/<see cref="SaveSnapshot"/> see (validation).</summary>
    private readonly RaftLogImage _current;

    /// <summary>What survives a crash: the state as of the last <see cref="Sync"/>.</summary>
    private readonly RaftLogImage _synced;

    /// <summary>Appends and snapshots since the last <see cref="Sync"/>, in call order, replayed onto <see cref="_synced"/> by it.</summary>
    private readonly List<Action<RaftLogImage>> _pending = [];

    /// <summary>
    /// The latest hard state since the last <see cref="Sync"/>. Kept apart from <see cref="_pending"/>
    /// (the latest wins, whatever the order) so that hosts that save commit-index-only changes
    /// without syncing do not grow the pending list.
    /// </summary>
    private HardState? _pendingHardState;

    private bool _loaded;
    private bool _disposed;

    /// <summary>Creates an empty store (a node that has never run).</summary>
    public MemoryRaftLogStore()
        : this(PersistedRaftState.Empty)
    {
    }

    /// <summary>Creates a store whose durable content is <paramref name="initialState"/> (a restarted node).</summary>
    public MemoryRaftLogStore(PersistedRaftState initialState)
    {
        _current = RaftLogImage.From(initialState);
        _synced = RaftLogImage.From(initialState);
    }

    /// <summary>What a crash now would keep: everything up to the last <see cref="Sync"/>.</summary>
    public PersistedRaftState SyncedState => _synced.ToPersistedState();

    /// <summary>Number of completed <see cref="Sync"/> calls (tests and benchmarks count fsyncs).</summary>
    public long SyncCount { get; private set; }

    public PersistedRaftState Load()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_loaded)
        {
            throw new InvalidOperationException("Load is called once, before any write.");
        }

        _loaded = true;
        return _synced.ToPersistedState();
    }

    public void Append(IReadOnlyList<LogEntry> entries)
    {
        EnsureWritable();
        _current.ValidateAppend(entries);
        if (entries.Count == 0)
        {
            return;
        }

        LogEntry[] copy = [.. entries];
        _current.Append(copy);
        _pending.Add(image => image.Append(copy));
    }

    public void SaveHardState(HardState hardState)
    {
        EnsureWritable();
        _current.HardState = hardState;
        _pendingHardState = hardState;
    }

    public void SaveSnapshot(RaftSnapshot snapshot)
    {
        EnsureWritable();
        _current.SaveSnapshot(snapshot);
        _pending.Add(image => image.SaveSnapshot(snapshot));
    }

    public void Sync()
    {
        EnsureWritable();
        foreach (var write in _pending)
        {
            write(_synced);
        }

        _pending.Clear();
        if (_pendingHardState is { } hardState)
        {
            _synced.HardState = hardState;
            _pendingHardState = null;
        }

        SyncCount++;
    }

    /// <summary>Drops unsynced writes, as a crash would.</summary>
    public void Dispose()
    {
        _pending.Clear();
        _pendingHardState = null;
        _disposed = true;
    }

    private void EnsureWritable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_loaded)
        {
            throw new InvalidOperationException("Call Load before writing.");
        }
    }
}
