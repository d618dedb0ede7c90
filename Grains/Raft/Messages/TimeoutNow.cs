namespace OrleansSync.Grains.Raft;

/// <summary>The leader hands over: the receiver campaigns at once, without PreVote.</summary>
public sealed record TimeoutNow(ulong From, ulong To, ulong Term)
    : RaftMessage(From, To, Term);
