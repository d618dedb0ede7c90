namespace OrleansSync.Grains.Raft;

/// <summary>A follower's answer to a <see cref="Heartbeat"/>.</summary>
/// <param name="From">Sender.</param>
/// <param name="To">Receiver.</param>
/// <param name="Term">Sender's term.</param>
/// <param name="ReadRound">The ReadIndex round of the heartbeat answered.</param>
public sealed record HeartbeatResponse(ulong From, ulong To, ulong Term, ulong ReadRound)
    : RaftMessage(From, To, Term);
