namespace OrleansSync.Grains.Raft;

/// <summary>The answer to a <see cref="RequestVote"/>.</summary>
/// <param name="From">Sender.</param>
/// <param name="To">Receiver.</param>
/// <param name="Term">Sender's term.</param>
/// <param name="IsPreVote">Answers a PreVote probe.</param>
/// <param name="Granted">The vote (or would-be vote) is granted.</param>
public sealed record RequestVoteResponse(ulong From, ulong To, ulong Term, bool IsPreVote, bool Granted)
    : RaftMessage(From, To, Term);
