namespace OrleansSync.Grains.Raft;

/// <summary>
/// Durable storage for one Raft node: hard state, log entries and the latest snapshot.
/// The host writes what a <c>Ready</c> batch asks for, then calls <see cref="Sync"/> once
/// (group commit), and only then sends the batch's messages.
/// </summary>
/// <remarks>
/// Writes are buffered until <see cref="Sync"/>: a crash may lose anything written after the last
/// completed <see cref="Sync"/>, but never anything before it, and never returns a corrupt record.
/// Implementations are not thread-safe; one host drives one store.
/// </remarks>
public interface IRaftLogStore : IDisposable
{
    /// <summary>Reads everything durable. Called once, before any write.</summary>
    /// <exception cref="RaftStorageCorruptedException">Stored data is corrupt somewhere other than a torn tail.</exception>
    PersistedRaftState Load();

    /// <summary>
    /// Appends contiguous entries. If the first entry's index is at or below the last stored index,
    /// the stored entries from that index on are discarded first (a follower's conflicting suffix).
    /// The first entry's index is at most one past the last stored index (or the snapshot index).
    /// </summary>
    void Append(IReadOnlyList<LogEntry> entries);

    /// <summary>Records the hard state; the latest value written wins.</summary>
    void SaveHardState(HardState hardState);

    /// <summary>
    /// Stores a snapshot atomically and discards the entries it covers (index &lt;= snapshot index).
    /// If the stored entry at the snapshot index has a different term, or there is none, every
    /// stored entry is discarded: the log restarts after the snapshot.
    /// </summary>
    void SaveSnapshot(RaftSnapshot snapshot);

    /// <summary>Makes every write so far durable (one fsync for the whole batch).</summary>
    void Sync();
}
