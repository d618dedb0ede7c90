using OrleansSync.Grains.Raft;

namespace OrleansSync.Grains.Tests.Raft.Storage;

/// <summary>Comparisons of persisted Raft state by content (records holding <see cref="ReadOnlyMemory{T}"/> compare by reference).</summary>
internal static class RaftLogAssert
{
    public static LogEntry Entry(ulong index, ulong term, LogEntryKind kind = LogEntryKind.Command) =>
        new(index, term, kind, System.Text.Encoding.UTF8.GetBytes($"e{index}t{term}"));

    public static LogEntry[] Entries(ulong from, ulong to, ulong term) =>
        [.. Enumerable.Range(0, (int)(to - from + 1)).Select(offset => Entry(from + (ulong)offset, term))];

    public static RaftSnapshot Snapshot(ulong index, ulong term) =>
        new(index, term, new ClusterConfiguration([1, 2, 3], [4]), System.Text.Encoding.UTF8.GetBytes($"state@{index}"));

    public static void Equal(PersistedRaftState expected, PersistedRaftState actual)
    {
        Assert.Equal(expected.HardState, actual.HardState);
        SnapshotEqual(expected.Snapshot, actual.Snapshot);
        EntriesEqual(expected.Entries, actual.Entries);
    }

    public static void SnapshotEqual(RaftSnapshot? expected, RaftSnapshot? actual)
    {
        if (expected is null || actual is null)
        {
            Assert.Equal(expected is null, actual is null);
            return;
        }

        Assert.Equal(expected.Index, actual.Index);
        Assert.Equal(expected.Term, actual.Term);
        Assert.Equal(expected.Configuration, actual.Configuration);
        Assert.Equal(expected.Data.ToArray(), actual.Data.ToArray());
    }

    public static void EntriesEqual(IReadOnlyList<LogEntry> expected, IReadOnlyList<LogEntry> actual)
    {
        Assert.Equal(Describe(expected), Describe(actual));
    }

    private static string[] Describe(IReadOnlyList<LogEntry> entries) =>
        [.. entries.Select(entry => $"{entry.Index}/{entry.Term}/{entry.Kind}/{Convert.ToHexString(entry.Data.Span)}")];
}
