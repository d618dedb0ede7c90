namespace OrleansSync.Grains.Raft;

/// <summary>
/// A batch of work the host must do for its <see cref="RaftNode"/>, in this order:
/// <list type="number">
/// <item>persist, in this order, <see cref="Snapshot"/> (<see cref="IRaftLogStore.SaveSnapshot"/>), <see cref="Entries"/>
/// (<see cref="IRaftLogStore.Append"/>) and <see cref="HardState"/> (<see cref="IRaftLogStore.SaveHardState"/>),
/// then <see cref="IRaftLogStore.Sync"/> if <see cref="MustSync"/>. Entries go before the hard state so that
/// a crash keeping only a prefix of an unsynced batch never leaves a commit index beyond the stored log;</item>
/// <item>only then send <see cref="Messages"/>: a vote or an acknowledgement promises state that must
/// already be durable (this is the rule that makes Raft safe across crashes);</item>
/// <item>restore the state machine from <see cref="Snapshot"/> if there is one, then apply
/// <see cref="CommittedEntries"/> in order;</item>
/// <item>answer <see cref="ReadStates"/> once the state machine has applied their index;</item>
/// <item>call <see cref="RaftNode.Advance"/> with this batch.</item>
/// </list>
/// </summary>
public sealed class Ready
{
    internal Ready(
        SoftState? softState,
        HardState? hardState,
        IReadOnlyList<LogEntry> entries,
        RaftSnapshot? snapshot,
        IReadOnlyList<LogEntry> committedEntries,
        IReadOnlyList<RaftMessage> messages,
        IReadOnlyList<ReadState> readStates,
        bool mustSync)
    {
        MustSync = mustSync;
        SoftState = softState;
        HardState = hardState;
        Entries = entries;
        Snapshot = snapshot;
        CommittedEntries = committedEntries;
        Messages = messages;
        ReadStates = readStates;
    }

    /// <summary>The role and leader, if they changed since the previous batch (need not be persisted).</summary>
    public SoftState? SoftState { get; }

    /// <summary>The hard state to persist, if it changed since the previous batch.</summary>
    public HardState? HardState { get; }

    /// <summary>Entries to persist, contiguous; they may overwrite a stored suffix from their first index on.</summary>
    public IReadOnlyList<LogEntry> Entries { get; }

    /// <summary>A snapshot received from the leader: persist it and restore the state machine from it.</summary>
    public RaftSnapshot? Snapshot { get; }

    /// <summary>Committed entries to apply, in order, after <see cref="Snapshot"/> if there is one.</summary>
    public IReadOnlyList<LogEntry> CommittedEntries { get; }

    /// <summary>Messages to send, only after the persistence above is durable. They may be lost or reordered.</summary>
    public IReadOnlyList<RaftMessage> Messages { get; }

    /// <summary>
    /// Confirmed linearizable reads: answer each once the applied index reaches its index. A network
    /// that duplicates messages can confirm the same context twice; the host answers the first and
    /// ignores contexts it no longer waits for.
    /// </summary>
    public IReadOnlyList<ReadState> ReadStates { get; }

    /// <summary>
    /// Entries, a snapshot, or a new term or vote must be durable before the messages go out: the host
    /// calls <see cref="IRaftLogStore.Sync"/>. A hard state whose only change is the commit index
    /// is still saved but need not be synced on its own (a lost commit index is learned again).
    /// </summary>
    public bool MustSync { get; }
}
