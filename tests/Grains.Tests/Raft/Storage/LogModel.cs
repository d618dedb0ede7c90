using OrleansSync.Grains.Raft;

namespace OrleansSync.Grains.Tests.Raft.Storage;

/// <summary>
/// An independent, deliberately naive model of <see cref="IRaftLogStore"/> semantics for randomized
/// tests: it drives a store with random valid operations and predicts what a reopen must return.
/// </summary>
internal sealed class LogModel
{
    private State _current = new();

    public PersistedRaftState Synced { get; private set; } = PersistedRaftState.Empty;

    public void MarkSynced() => Synced = _current.ToPersisted();

    public void DiscardUnsynced() => _current = State.From(Synced);

    public void ApplyRandomOperation(IRaftLogStore store, Random random, bool allowSnapshot)
    {
        var choice = random.Next(10);
        if (choice < 6)
        {
            var entries = RandomAppend(random);
            store.Append(entries);
            _current.Entries.RemoveAll(entry => entry.Index >= entries[0].Index);
            _current.Entries.AddRange(entries);
        }
        else if (choice < 8 || !allowSnapshot)
        {
            var hardState = new HardState((ulong)random.Next(1, 50), (ulong)random.Next(0, 4), (ulong)random.Next(0, 100));
            store.SaveHardState(hardState);
            _current.HardState = hardState;
        }
        else
        {
            var snapshot = RandomSnapshot(random);
            store.SaveSnapshot(snapshot);
            var matches = _current.Entries.Any(entry => entry.Index == snapshot.Index && entry.Term == snapshot.Term)
                || (_current.Snapshot is { } old && old.Index == snapshot.Index && old.Term == snapshot.Term);
            _current.Entries.RemoveAll(entry => !matches || entry.Index <= snapshot.Index);
            _current.Snapshot = snapshot;
        }
    }

    private LogEntry[] RandomAppend(Random random)
    {
        var snapshotIndex = _current.Snapshot?.Index ?? 0;
        var lastIndex = _current.Entries.Count > 0 ? _current.Entries[^1].Index : snapshotIndex;
        var start = random.Next(4) == 0 ? (ulong)random.Next((int)snapshotIndex + 1, (int)lastIndex + 2) : lastIndex + 1;
        var term = Math.Max(_current.MaxTerm, 1) + (ulong)random.Next(0, 2);
        _current.MaxTerm = term;
        var count = random.Next(1, 12);
        var entries = new LogEntry[count];
        for (var i = 0; i < count; i++)
        {
            var data = new byte[random.Next(0, 40)];
            random.NextBytes(data);
            entries[i] = new LogEntry(start + (ulong)i, term, (LogEntryKind)random.Next(1, 4), data);
        }

        return entries;
    }

    private RaftSnapshot RandomSnapshot(Random random)
    {
        var snapshotIndex = _current.Snapshot?.Index ?? 0;
        var lastIndex = _current.Entries.Count > 0 ? _current.Entries[^1].Index : snapshotIndex;
        var index = (ulong)random.Next((int)snapshotIndex + 1, (int)lastIndex + 4);
        var existing = _current.Entries.FirstOrDefault(entry => entry.Index == index);
        ulong term;
        if (existing is not null && random.Next(4) != 0)
        {
            term = existing.Term;
        }
        else
        {
            term = _current.MaxTerm + 1;
            _current.MaxTerm = term;
        }

        var data = new byte[random.Next(0, 64)];
        random.NextBytes(data);
        return new RaftSnapshot(index, term, new ClusterConfiguration([1, 2, 3]), data);
    }

    private sealed class State
    {
        public HardState HardState { get; set; }

        public RaftSnapshot? Snapshot { get; set; }

        public List<LogEntry> Entries { get; } = [];

        /// <summary>Highest term used so far, so that new entries never go below an earlier term.</summary>
        public ulong MaxTerm { get; set; }

        public static State From(PersistedRaftState persisted)
        {
            var state = new State { HardState = persisted.HardState, Snapshot = persisted.Snapshot };
            state.Entries.AddRange(persisted.Entries);
            state.MaxTerm = Math.Max(persisted.Snapshot?.Term ?? 0, persisted.Entries.Count > 0 ? persisted.Entries[^1].Term : 0);
            return state;
        }

        public PersistedRaftState ToPersisted() => new(HardState, Snapshot, [.. Entries]);
    }
}
