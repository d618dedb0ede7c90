namespace OrleansSync.Grains.Raft;

/// <summary>The leader replicates entries that follow (<paramref name="PrevLogIndex"/>, <paramref name="PrevLogTerm"/>).</summary>
/// <param name="From">Sender.</param>
/// <param name="To">Receiver.</param>
/// <param name="Term">Sender's term.</param>
/// <param name="PrevLogIndex">Index of the entry just before <paramref name="Entries"/>.</param>
/// <param name="PrevLogTerm">Term of that entry.</param>
/// <param name="Entries">Contiguous entries starting at PrevLogIndex + 1; may be empty (a probe).</param>
/// <param name="LeaderCommit">The leader's commit index.</param>
public sealed record AppendEntries(
    ulong From,
    ulong To,
    ulong Term,
    ulong PrevLogIndex,
    ulong PrevLogTerm,
    IReadOnlyList<LogEntry> Entries,
    ulong LeaderCommit)
    : RaftMessage(From, To, Term);
