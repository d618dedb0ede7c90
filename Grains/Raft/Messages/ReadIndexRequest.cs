namespace OrleansSync.Grains.Raft;

/// <summary>A follower forwards a linearizable read to its leader.</summary>
/// <param name="From">Sender.</param>
/// <param name="To">Receiver.</param>
/// <param name="Term">Sender's term.</param>
/// <param name="Context">The caller's read id, returned unchanged in the <see cref="ReadState"/>.</param>
public sealed record ReadIndexRequest(ulong From, ulong To, ulong Term, ReadOnlyMemory<byte> Context)
    : RaftMessage(From, To, Term);
