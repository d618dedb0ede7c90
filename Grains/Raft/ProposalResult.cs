namespace OrleansSync.Grains.Raft;

/// <summary>
/// The node's immediate answer to a request. Accepted means appended to the leader's log (or, for
/// reads and transfers, started); it does not mean committed: watch for the entry at
/// <see cref="Index"/> with <see cref="Term"/> among committed entries. An entry applied at that
/// index with another term means the proposal was lost to a leader change.
/// </summary>
/// <param name="Reason"><see cref="RejectionReason.None"/> when accepted.</param>
/// <param name="Index">The appended entry's index (0 for reads and transfers).</param>
/// <param name="Term">The appended entry's term (0 for reads and transfers).</param>
/// <param name="LeaderHint">When rejected: the leader this node knows of, or <see cref="NodeId.None"/>.</param>
public readonly record struct ProposalResult(RejectionReason Reason, ulong Index, ulong Term, ulong LeaderHint)
{
    public bool IsAccepted => Reason == RejectionReason.None;

    internal static ProposalResult Appended(ulong index, ulong term) => new(RejectionReason.None, index, term, NodeId.None);

    internal static ProposalResult Started() => new(RejectionReason.None, 0, 0, NodeId.None);

    internal static ProposalResult Rejected(RejectionReason reason, ulong leaderHint = NodeId.None) => new(reason, 0, 0, leaderHint);
}
