namespace OrleansSync.Grains.Raft;

/// <summary>A candidate asks for a vote (or, with <paramref name="IsPreVote"/>, asks whether it would get one).</summary>
/// <param name="From">Sender.</param>
/// <param name="To">Receiver.</param>
/// <param name="Term">Sender's term.</param>
/// <param name="LastLogIndex">Index of the candidate's last entry.</param>
/// <param name="LastLogTerm">Term of the candidate's last entry.</param>
/// <param name="IsPreVote">A PreVote probe: receivers change neither term nor vote.</param>
/// <param name="IsLeadershipTransfer">The campaign follows a TimeoutNow: receivers grant even if they heard from a leader recently.</param>
public sealed record RequestVote(
    ulong From,
    ulong To,
    ulong Term,
    ulong LastLogIndex,
    ulong LastLogTerm,
    bool IsPreVote,
    bool IsLeadershipTransfer)
    : RaftMessage(From, To, Term);
