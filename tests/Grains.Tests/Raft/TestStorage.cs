using OrleansSync.Grains.Raft;

namespace OrleansSync.Grains.Tests.Raft;

/// <summary>
/// What a test node has "on disk": the host loop writes each Ready here before sending, as
/// <see cref="IRaftLogStore"/> would; a restarted node recovers from it.
/// </summary>
internal sealed class TestStorage
{
    private readonly List<LogEntry> _entries = [];

    public HardState HardState { get; private set; }

    /// <summary>Storage holding entries of the given terms at indexes 1, 2, ... and the given current term.</summary>
    public static TestStorage WithLog(ulong term, params ulong[] entryTerms)
    {
        var storage = new TestStorage();
        storage.Append([.. entryTerms.Select((t, i) => new LogEntry((ulong)i + 1, t, LogEntryKind.Command, System.Text.Encoding.UTF8.GetBytes($"t{t}-i{i + 1}")))]);
        storage.SaveHardState(new HardState(term, NodeId.None, 0));
        return storage;
    }

    public RaftSnapshot? Snapshot { get; private set; }

    public IReadOnlyList<LogEntry> Entries => _entries;

    public void Append(IReadOnlyList<LogEntry> entries)
    {
        if (entries.Count == 0)
        {
            return;
        }

        var first = entries[0].Index;
        var offset = Snapshot?.Index ?? 0;
        var keep = (int)Math.Clamp((long)first - (long)offset - 1, 0, _entries.Count);
        _entries.RemoveRange(keep, _entries.Count - keep);
        Assert.Equal(offset + (ulong)_entries.Count + 1, first);
        _entries.AddRange(entries);
    }

    public void SaveHardState(HardState hardState) => HardState = hardState;

    public void SaveSnapshot(RaftSnapshot snapshot)
    {
        var offset = Snapshot?.Index ?? 0;
        var position = (long)snapshot.Index - (long)offset - 1;
        if (position >= 0 && position < _entries.Count && _entries[(int)position].Term == snapshot.Term)
        {
            _entries.RemoveRange(0, (int)position + 1);
        }
        else
        {
            _entries.Clear();
        }

        Snapshot = snapshot;
    }

    public PersistedRaftState Load() => new(HardState, Snapshot, [.. _entries]);
}
