namespace OrleansSync.Grains.Raft.Storage;

/// <summary>
/// The logical content of a log store (hard state, latest snapshot, entries after it) and the one
/// place that defines how <see cref="IRaftLogStore"/> writes change it. The memory store keeps two
/// images (current and synced); the file store keeps one for validation and rebuilds one on replay,
/// so both implementations share exactly the same semantics.
/// </summary>
internal sealed class RaftLogImage
{
    /// <summary>Entries after the snapshot, contiguous and ascending; the first has index <see cref="SnapshotIndex"/> + 1.</summary>
    private readonly List<LogEntry> _entries = [];

    public HardState HardState { get; set; } = HardState.Empty;

    /// <summary>The latest snapshot, or null if none was ever saved (or, during a file replay, not yet known).</summary>
    public RaftSnapshot? Snapshot { get; private set; }

    /// <summary>Index covered by the latest snapshot (0 if none).</summary>
    public ulong SnapshotIndex { get; private set; }

    /// <summary>Term of the entry at <see cref="SnapshotIndex"/> (0 if none).</summary>
    public ulong SnapshotTerm { get; private set; }

    public int EntryCount => _entries.Count;

    public ulong FirstIndex => _entries.Count == 0 ? SnapshotIndex + 1 : _entries[0].Index;

    public ulong LastIndex => _entries.Count == 0 ? SnapshotIndex : _entries[^1].Index;

    /// <summary>The stored entry at <paramref name="index"/>, which must be within [<see cref="FirstIndex"/>, <see cref="LastIndex"/>].</summary>
    public LogEntry EntryAt(ulong index) => _entries[checked((int)(index - _entries[0].Index))];

    public static RaftLogImage From(PersistedRaftState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var image = new RaftLogImage { HardState = state.HardState };
        if (state.Snapshot is not null)
        {
            image.SetSnapshotMarker(state.Snapshot.Index, state.Snapshot.Term, keepSuffix: false);
            image.Snapshot = state.Snapshot;
        }

        if (state.Entries.Count > 0)
        {
            image.ValidateAppend(state.Entries);
            image.Append(state.Entries);
        }

        return image;
    }

    /// <summary>The term of the entry at <paramref name="index"/>, if it is stored or is the snapshot's last entry.</summary>
    public bool TryGetTerm(ulong index, out ulong term)
    {
        if (index == SnapshotIndex)
        {
            term = SnapshotTerm;
            return true;
        }

        if (_entries.Count > 0 && index >= _entries[0].Index && index <= _entries[^1].Index)
        {
            term = _entries[(int)(index - _entries[0].Index)].Term;
            return true;
        }

        term = 0;
        return false;
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="entries"/> is a valid <see cref="IRaftLogStore.Append"/>.</summary>
    public void ValidateAppend(IReadOnlyList<LogEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return;
        }

        var first = entries[0] ?? throw new ArgumentException("Entry 0 is null.", nameof(entries));
        if (first.Index <= SnapshotIndex)
        {
            throw new ArgumentException(
                $"Cannot append entry {first.Index}: entries up to {SnapshotIndex} are covered by the snapshot.", nameof(entries));
        }

        if (first.Index > LastIndex + 1)
        {
            throw new ArgumentException(
                $"Cannot append entry {first.Index}: the log ends at {LastIndex}, so the next index is {LastIndex + 1}.", nameof(entries));
        }

        if (TryGetTerm(first.Index - 1, out var previousTerm) && first.Term < previousTerm)
        {
            throw new ArgumentException(
                $"Entry {first.Index} has term {first.Term}, below the term {previousTerm} of the entry before it.", nameof(entries));
        }

        ValidateBatch(entries);
    }

    /// <summary>Applies a validated append: drops stored entries from the first new index on, then adds the batch.</summary>
    public void Append(IReadOnlyList<LogEntry> entries)
    {
        if (entries.Count == 0)
        {
            return;
        }

        TruncateFrom(entries[0].Index);
        _entries.AddRange(entries);
    }

    /// <summary>
    /// Applies <see cref="IRaftLogStore.SaveSnapshot"/> and returns whether the entries after the
    /// snapshot were kept (the stored entry at the snapshot index had the snapshot's term).
    /// </summary>
    public bool SaveSnapshot(RaftSnapshot snapshot)
    {
        ValidateSnapshot(snapshot);
        var keepSuffix = TryGetTerm(snapshot.Index, out var term) && term == snapshot.Term;
        SetSnapshotMarker(snapshot.Index, snapshot.Term, keepSuffix);
        Snapshot = snapshot;
        return keepSuffix;
    }

    /// <summary>Throws <see cref="ArgumentException"/> if <paramref name="snapshot"/> would move the snapshot backwards.</summary>
    public void ValidateSnapshot(RaftSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.Index == 0)
        {
            throw new ArgumentException("A snapshot covers at least index 1.", nameof(snapshot));
        }

        if (snapshot.Index < SnapshotIndex)
        {
            throw new ArgumentException(
                $"Snapshot at index {snapshot.Index} is older than the stored snapshot at {SnapshotIndex}.", nameof(snapshot));
        }
    }

    /// <summary>
    /// Records that a snapshot covers <paramref name="index"/>: drops entries up to it, or every
    /// entry when <paramref name="keepSuffix"/> is false. The snapshot body is attached separately.
    /// </summary>
    public void SetSnapshotMarker(ulong index, ulong term, bool keepSuffix)
    {
        if (keepSuffix)
        {
            var covered = _entries.Count == 0 || index < _entries[0].Index ? 0 : (int)Math.Min((ulong)_entries.Count, index - _entries[0].Index + 1);
            _entries.RemoveRange(0, covered);
        }
        else
        {
            _entries.Clear();
        }

        SnapshotIndex = index;
        SnapshotTerm = term;
    }

    /// <summary>Attaches the snapshot body whose marker is already applied (file replay).</summary>
    public void AttachSnapshot(RaftSnapshot snapshot) => Snapshot = snapshot;

    /// <summary>Drops stored entries with index &gt;= <paramref name="index"/>.</summary>
    public void TruncateFrom(ulong index)
    {
        if (_entries.Count == 0 || index > _entries[^1].Index)
        {
            return;
        }

        var keep = index <= _entries[0].Index ? 0 : (int)(index - _entries[0].Index);
        _entries.RemoveRange(keep, _entries.Count - keep);
    }

    /// <summary>Adds one replayed entry whose index is within [<see cref="FirstIndex"/>, <see cref="LastIndex"/> + 1].</summary>
    public void AppendOne(LogEntry entry)
    {
        TruncateFrom(entry.Index);
        _entries.Add(entry);
    }

    /// <summary>Starts the entry list afresh at <paramref name="entry"/> (file replay after compaction).</summary>
    public void ResetEntriesTo(LogEntry entry)
    {
        _entries.Clear();
        _entries.Add(entry);
    }

    /// <summary>
    /// Replaces every stored entry by a copy without its data: a store that only validates writes
    /// needs indexes and terms, not a second copy of every payload the Raft core already holds.
    /// </summary>
    public void DropEntryData()
    {
        for (var i = 0; i < _entries.Count; i++)
        {
            _entries[i] = WithoutData(_entries[i]);
        }
    }

    public static LogEntry WithoutData(LogEntry entry) => entry.Data.IsEmpty ? entry : entry with { Data = ReadOnlyMemory<byte>.Empty };

    public PersistedRaftState ToPersistedState() => new(HardState, Snapshot, [.. _entries]);

    private static void ValidateBatch(IReadOnlyList<LogEntry> entries)
    {
        for (var i = 1; i < entries.Count; i++)
        {
            var previous = entries[i - 1];
            var current = entries[i] ?? throw new ArgumentException($"Entry {i} is null.", nameof(entries));
            if (current.Index != previous.Index + 1)
            {
                throw new ArgumentException(
                    $"Entries are not contiguous: index {current.Index} follows {previous.Index}.", nameof(entries));
            }

            if (current.Term < previous.Term)
            {
                throw new ArgumentException(
                    $"Entry {current.Index} has term {current.Term}, below the term {previous.Term} of entry {previous.Index}.", nameof(entries));
            }
        }

        foreach (var entry in entries)
        {
            if (entry.Term == 0 || !Enum.IsDefined(entry.Kind))
            {
                throw new ArgumentException($"Entry {entry.Index} has term 0 or an undefined kind {entry.Kind}.", nameof(entries));
            }
        }
    }
}
