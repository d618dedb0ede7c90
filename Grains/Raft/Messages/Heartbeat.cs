namespace OrleansSync.Grains.Raft;

/// <summary>The leader's periodic proof of life; it also confirms leadership for ReadIndex.</summary>
/// <param name="From">Sender.</param>
/// <param name="To">Receiver.</param>
/// <param name="Term">Sender's term.</param>
/// <param name="LeaderCommit">The commit index, capped at what the receiver is known to hold.</param>
/// <param name="ReadRound">The leader's latest ReadIndex round; the response echoes it.</param>
public sealed record Heartbeat(ulong From, ulong To, ulong Term, ulong LeaderCommit, ulong ReadRound)
    : RaftMessage(From, To, Term);
