namespace OrleansSync.Grains.Raft;

/// <summary>
/// A follower's answer to <see cref="AppendEntries"/> (also sent after it installed a snapshot, and
/// to a stale leader to tell it the newer term).
/// </summary>
/// <param name="From">Sender.</param>
/// <param name="To">Receiver.</param>
/// <param name="Term">Sender's term.</param>
/// <param name="Success">The follower's log matched at the previous entry and now holds the entries.</param>
/// <param name="MatchIndex">On success: the follower's log matches the leader's up to this index.</param>
/// <param name="RejectedPrevLogIndex">On failure: the PrevLogIndex of the rejected request.</param>
/// <param name="ConflictIndex">
/// On failure, the fast-backtracking hint: with <paramref name="ConflictTerm"/> 0, the follower's
/// log ends before this index (it is its last index + 1); otherwise it is the first index the
/// follower holds of <paramref name="ConflictTerm"/>.
/// </param>
/// <param name="ConflictTerm">On failure: the term of the follower's entry at RejectedPrevLogIndex, or 0 if it has none.</param>
public sealed record AppendEntriesResponse(
    ulong From,
    ulong To,
    ulong Term,
    bool Success,
    ulong MatchIndex,
    ulong RejectedPrevLogIndex,
    ulong ConflictIndex,
    ulong ConflictTerm)
    : RaftMessage(From, To, Term);
