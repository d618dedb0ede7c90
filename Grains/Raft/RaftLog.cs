namespace OrleansSync.Grains.Raft;

/// <summary>
/// A node's in-memory view of its log: the entries after the latest snapshot, plus the indexes that
/// say how far they are committed, persisted (stable) and handed to the host for applying.
/// </summary>
/// <remarks>
/// Entry i lives at <c>_entries[i - _snapshotIndex - 1]</c>. Invariants (checked by <see cref="AssertInvariants"/>):
/// snapshotIndex &lt;= applied &lt;= committed &lt;= lastIndex, and snapshotIndex &lt;= stable &lt;= lastIndex.
/// </remarks>
internal sealed class RaftLog
{
    /// <summary>Entries after the snapshot, contiguous.</summary>
    private readonly List<LogEntry> _entries = [];

    /// <summary>Index of the last entry the snapshot covers (0 if none): the log's offset.</summary>
    private ulong _snapshotIndex;

    /// <summary>Term of the entry at <see cref="_snapshotIndex"/>.</summary>
    private ulong _snapshotTerm;

    public RaftLog(ulong snapshotIndex, ulong snapshotTerm, IReadOnlyList<LogEntry> entries, ulong committed)
    {
        _snapshotIndex = snapshotIndex;
        _snapshotTerm = snapshotTerm;
        foreach (var entry in entries)
        {
            RaftAssert.That(entry.Index == LastIndex + 1, $"recovered entries are contiguous after the snapshot: expected {LastIndex + 1}, got {entry.Index}");
            RaftAssert.That(entry.Term >= LastTerm, $"recovered entry terms never decrease (index {entry.Index})");
            _entries.Add(entry);
        }

        Stable = LastIndex;
        Applied = snapshotIndex;
        Committed = Math.Max(committed, snapshotIndex);
        RaftAssert.That(Committed <= LastIndex, $"recovered commit index {Committed} is within the recovered log (last index {LastIndex})");
    }

    public ulong SnapshotIndex => _snapshotIndex;

    public ulong SnapshotTerm => _snapshotTerm;

    public ulong FirstIndex => _snapshotIndex + 1;

    public ulong LastIndex => _snapshotIndex + (ulong)_entries.Count;

    public ulong LastTerm => _entries.Count == 0 ? _snapshotTerm : _entries[^1].Term;

    /// <summary>Highest index known committed. Never decreases.</summary>
    public ulong Committed { get; private set; }

    /// <summary>Highest index handed to the host for applying (and acknowledged by Advance).</summary>
    public ulong Applied { get; private set; }

    /// <summary>Highest index the host has persisted (acknowledged by Advance).</summary>
    public ulong Stable { get; private set; }

    /// <summary>Number of entries held in memory.</summary>
    public int Count => _entries.Count;

    /// <summary>The term of the entry at <paramref name="index"/>, or null if compacted away or beyond the log.</summary>
    public ulong? TermAt(ulong index)
    {
        if (index == _snapshotIndex)
        {
            return _snapshotTerm;
        }

        if (index < _snapshotIndex || index > LastIndex)
        {
            return null;
        }

        return _entries[(int)(index - _snapshotIndex - 1)].Term;
    }

    public bool MatchTerm(ulong index, ulong term) => TermAt(index) == term;

    public LogEntry EntryAt(ulong index)
    {
        RaftAssert.That(index > _snapshotIndex && index <= LastIndex, $"entry {index} is in memory ({FirstIndex}..{LastIndex})");
        return _entries[(int)(index - _snapshotIndex - 1)];
    }

    /// <summary>A candidate's log is at least as up to date as ours (Raft §5.4.1).</summary>
    public bool IsUpToDate(ulong lastIndex, ulong lastTerm) =>
        lastTerm > LastTerm || (lastTerm == LastTerm && lastIndex >= LastIndex);

    /// <summary>Entries from <paramref name="from"/> on, at most <paramref name="maxCount"/> and (after the first) <paramref name="maxBytes"/>.</summary>
    public List<LogEntry> Slice(ulong from, int maxCount, long maxBytes)
    {
        RaftAssert.That(from > _snapshotIndex, $"slice start {from} is not compacted (snapshot index {_snapshotIndex})");
        var result = new List<LogEntry>();
        long bytes = 0;
        for (var index = from; index <= LastIndex && result.Count < maxCount; index++)
        {
            var entry = EntryAt(index);
            if (result.Count > 0 && bytes + entry.SizeBytes > maxBytes)
            {
                break;
            }

            bytes += entry.SizeBytes;
            result.Add(entry);
        }

        return result;
    }

    /// <summary>The leader appends its own new entry.</summary>
    public void AppendNew(LogEntry entry)
    {
        RaftAssert.That(entry.Index == LastIndex + 1, $"a new entry goes at {LastIndex + 1}, not {entry.Index}");
        RaftAssert.That(entry.Term >= LastTerm, "a new entry's term is at least the last term");
        _entries.Add(entry);
    }

    /// <summary>
    /// A follower merges entries that follow a matching previous entry: entries it already has are
    /// skipped, the first conflicting one truncates the log from there. Returns the truncation
    /// index, or null if nothing was truncated.
    /// </summary>
    public ulong? MergeFromLeader(IReadOnlyList<LogEntry> entries)
    {
        ulong? truncatedFrom = null;
        foreach (var entry in entries)
        {
            var existing = TermAt(entry.Index);
            if (existing == entry.Term || entry.Index <= _snapshotIndex)
            {
                continue;
            }

            if (existing is not null)
            {
                RaftAssert.That(entry.Index > Committed, $"a committed entry is never overwritten (index {entry.Index}, commit {Committed})");
                TruncateFrom(entry.Index);
                truncatedFrom ??= entry.Index;
            }

            RaftAssert.That(entry.Index == LastIndex + 1, $"merged entry {entry.Index} follows the last index {LastIndex}");
            _entries.Add(entry);
        }

        return truncatedFrom;
    }

    private void TruncateFrom(ulong index)
    {
        _entries.RemoveRange((int)(index - _snapshotIndex - 1), (int)(LastIndex - index + 1));
        Stable = Math.Min(Stable, index - 1);
    }

    public void CommitTo(ulong index)
    {
        if (index <= Committed)
        {
            return;
        }

        RaftAssert.That(index <= LastIndex, $"commit index {index} is within the log (last index {LastIndex})");
        Committed = index;
    }

    /// <summary>The host persisted entries up to <paramref name="index"/> of <paramref name="term"/>.</summary>
    public void StableTo(ulong index, ulong term)
    {
        if (index > Stable && MatchTerm(index, term))
        {
            Stable = index;
        }
    }

    public void AppliedTo(ulong index)
    {
        if (index <= Applied)
        {
            return;
        }

        RaftAssert.That(index <= Committed, $"applied index {index} never passes the commit index {Committed}");
        Applied = index;
    }

    /// <summary>Unpersisted entries (all of them go into the next Ready).</summary>
    public List<LogEntry> UnstableEntries() => Stable >= LastIndex ? [] : Slice(Stable + 1, int.MaxValue, long.MaxValue);

    /// <summary>Committed entries not yet applied, at most <paramref name="maxBytes"/> (but at least one).</summary>
    public List<LogEntry> EntriesToApply(long maxBytes) =>
        Applied >= Committed ? [] : Slice(Applied + 1, (int)Math.Min(Committed - Applied, int.MaxValue), maxBytes);

    /// <summary>The host snapshotted its state machine at <paramref name="index"/>: drop the entries up to it.</summary>
    public void CompactTo(ulong index, ulong term)
    {
        RaftAssert.That(index <= Applied, $"compaction index {index} is applied (applied {Applied})");
        RaftAssert.That(index <= Stable, $"compaction index {index} is persisted (stable {Stable})");
        RaftAssert.That(MatchTerm(index, term), $"the snapshot's term {term} matches the log at {index}");
        if (index <= _snapshotIndex)
        {
            return;
        }

        _entries.RemoveRange(0, (int)(index - _snapshotIndex));
        _snapshotIndex = index;
        _snapshotTerm = term;
    }

    /// <summary>A follower replaces its whole log with a leader's snapshot.</summary>
    public void RestoreSnapshot(ulong index, ulong term)
    {
        RaftAssert.That(index > Committed, $"a restored snapshot ({index}) is ahead of the commit index {Committed}");
        _entries.Clear();
        _snapshotIndex = index;
        _snapshotTerm = term;
        Committed = index;
        Applied = index;
        Stable = index;
    }

    public void AssertInvariants()
    {
        RaftAssert.That(_snapshotIndex <= Applied, "snapshot index <= applied");
        RaftAssert.That(Applied <= Committed, "applied <= committed");
        RaftAssert.That(Committed <= LastIndex, "committed <= last index");
        RaftAssert.That(_snapshotIndex <= Stable && Stable <= LastIndex, "snapshot index <= stable <= last index");
    }
}
