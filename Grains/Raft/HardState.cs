namespace OrleansSync.Grains.Raft;

/// <summary>
/// The part of a node's state that must be durable before it answers any message:
/// the current term, the vote cast in that term, and the highest index known committed.
/// </summary>
/// <param name="Term">The node's current term.</param>
/// <param name="VotedFor">The node voted for in <paramref name="Term"/>; <see cref="NodeId.None"/> if none.</param>
/// <param name="CommitIndex">Highest log index known to be committed.</param>
public readonly record struct HardState(ulong Term, ulong VotedFor, ulong CommitIndex)
{
    /// <summary>The state of a node that has never run.</summary>
    public static HardState Empty => default;
}
