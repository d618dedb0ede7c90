using OrleansSync.Grains.Raft;

namespace OrleansSync.Simulation.Storage;

/// <summary>
/// The contents of a simulated disk: hard state, snapshot and the entries after it. Applies the
/// <see cref="IRaftLogStore"/> write semantics and throws on a write that breaks the contract, so a
/// node that misuses its store fails loudly in simulation.
/// </summary>
internal sealed class DiskImage
{
    private readonly List<LogEntry> _entries = [];

    public HardState HardState { get; private set; }

    public RaftSnapshot? Snapshot { get; private set; }

    public IReadOnlyList<LogEntry> Entries => _entries;

    public ulong SnapshotIndex => Snapshot?.Index ?? 0;

    public ulong LastIndex => _entries.Count > 0 ? _entries[^1].Index : SnapshotIndex;

    /// <summary>The term of the entry at <paramref name="index"/>, or null when the image does not hold it.</summary>
    public ulong? TermAt(ulong index)
    {
        if (index == 0)
        {
            return 0;
        }

        if (Snapshot is { } snapshot && index == snapshot.Index)
        {
            return snapshot.Term;
        }

        return EntryAt(index)?.Term;
    }

    public LogEntry? EntryAt(ulong index)
    {
        if (index <= SnapshotIndex || index > LastIndex)
        {
            return null;
        }

        return _entries[(int)(index - SnapshotIndex - 1)];
    }

    public void Append(IReadOnlyList<LogEntry> entries)
    {
        if (entries.Count == 0)
        {
            return;
        }

        var first = entries[0].Index;
        if (first == 0 || first > LastIndex + 1 || first <= SnapshotIndex)
        {
            throw new InvalidOperationException(
                $"Append starting at {first} does not fit a log with snapshot {SnapshotIndex} and last index {LastIndex}.");
        }

        for (var i = 1; i < entries.Count; i++)
        {
            if (entries[i].Index != first + (ulong)i)
            {
                throw new InvalidOperationException($"Append entries are not contiguous at {entries[i].Index}.");
            }
        }

        _entries.RemoveRange((int)(first - SnapshotIndex - 1), (int)(LastIndex + 1 - first));
        _entries.AddRange(entries);
    }

    public void SaveHardState(HardState hardState) => HardState = hardState;

    public void SaveSnapshot(RaftSnapshot snapshot)
    {
        if (snapshot.Index <= SnapshotIndex)
        {
            // An older or equal snapshot adds nothing; the contract does not forbid it.
            return;
        }

        var keepsLog = TermAt(snapshot.Index) == snapshot.Term;
        var covered = keepsLog ? (int)(snapshot.Index - SnapshotIndex) : _entries.Count;
        _entries.RemoveRange(0, covered);
        Snapshot = snapshot;
    }

    public PersistedRaftState ToPersistedState() => new(HardState, Snapshot, [.. _entries]);

    public DiskImage Clone()
    {
        var copy = new DiskImage { HardState = HardState, Snapshot = Snapshot };
        copy._entries.AddRange(_entries);
        return copy;
    }
}
