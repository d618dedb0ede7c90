namespace OrleansSync.Grains.Raft;

/// <summary>
/// A message between the nodes of one Raft group. Plain data, so that a binary codec can carry it.
/// </summary>
/// <param name="From">Sender's node id.</param>
/// <param name="To">Receiver's node id.</param>
/// <param name="Term">Sender's current term (for a PreVote request: the term it would campaign in).</param>
public abstract record RaftMessage(ulong From, ulong To, ulong Term);
