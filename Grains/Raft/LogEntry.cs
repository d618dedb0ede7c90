namespace OrleansSync.Grains.Raft;

/// <summary>
/// One entry of the replicated log. <see cref="Index"/> starts at 1; index 0 with term 0 is the
/// empty log's sentinel and is never stored.
/// </summary>
/// <param name="Index">Position in the log, 1-based and contiguous.</param>
/// <param name="Term">Term of the leader that created the entry.</param>
/// <param name="Kind">What the entry carries: a command, the leader's no-op, or a configuration.</param>
/// <param name="Data">The payload: a command for the state machine, or an encoded <see cref="ClusterConfiguration"/>.</param>
public sealed record LogEntry(ulong Index, ulong Term, LogEntryKind Kind, ReadOnlyMemory<byte> Data)
{
    /// <summary>Bytes this entry counts against size limits (payload plus a fixed header estimate).</summary>
    public int SizeBytes => Data.Length + HeaderSizeBytes;

    /// <summary>Estimated fixed cost of an entry's header (index, term, kind, length) on the wire and on disk.</summary>
    public const int HeaderSizeBytes = 24;
}
