namespace OrleansSync.Grains.Raft;

/// <summary>
/// Everything a node recovers from its <see cref="IRaftLogStore"/> at start: the hard state, the
/// latest snapshot (if any), and the log entries that follow it, contiguous and ascending.
/// </summary>
public sealed record PersistedRaftState(HardState HardState, RaftSnapshot? Snapshot, IReadOnlyList<LogEntry> Entries)
{
    /// <summary>A node that has never persisted anything.</summary>
    public static PersistedRaftState Empty { get; } = new(HardState.Empty, null, []);
}
