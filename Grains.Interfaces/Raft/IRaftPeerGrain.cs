
namespace OrleansSync.Grains.Interfaces.Raft;

/// <summary>
/// One replica of one Raft group, keyed <c>{group}/{replica}</c>. Peers of a group exchange Raft
/// messages with <see cref="Deliver"/>; callers propose commands and read through the leader.
/// </summary>
public interface IRaftPeerGrain : IGrainWithStringKey
{
    /// <summary>
    /// Hands this peer a batch of Raft messages (RaftMessageCodec batch) from another peer of its
    /// group, which runs on <paramref name="sender"/>. The answer says whether this replica can take
    /// part: an inert one (removed, or activated without its log) answers so, and the leader replaces it.
    /// </summary>
    Task<RaftDeliveryResult> Deliver([Immutable] byte[] messages, SiloAddress sender);

    /// <summary>Proposes a command; answers once it is committed and applied here, with the state machine's result.</summary>
    Task<RaftCallOutcome> Propose([Immutable] byte[] command);

    /// <summary>Answers a read-only query linearizably (ReadIndex), from any replica.</summary>
    Task<RaftCallOutcome> Read([Immutable] byte[] query);

    /// <summary>
    /// Waits, on the leader, up to <paramref name="timeoutMs"/> for the outcome of something a
    /// command started (for locks: a queued request, keyed by its wait id). <see cref="RaftCallStatus.Ok"/>
    /// carries the state machine's encoded outcome; <see cref="RaftCallStatus.Unknown"/> means
    /// nothing arrived in time, the outcome is no longer known here, or leadership changed: read
    /// the state linearizably instead. Bounded per peer (<see cref="RaftCallStatus.Overloaded"/> past it).
    /// A caller that gives up cancels <paramref name="cancellationToken"/>: Orleans carries the
    /// cancellation to the peer, which stops waiting and frees the caller's place at once.
    /// </summary>
    Task<RaftCallOutcome> WaitForOutcome(ulong key, int timeoutMs, CancellationToken cancellationToken = default);

    /// <summary>Role, term, leader, indexes and the group's replicas as this peer knows them.</summary>
    Task<RaftPeerStatus> GetStatus();

    /// <summary>
    /// Tells this peer that the group's committed configuration no longer holds it: <paramref name="members"/>
    /// are the replica ids of that configuration. A peer whose id is absent and lower than the highest
    /// member (ids only grow, so it can never be added back) stops for good and deletes its log.
    /// </summary>
    Task NotifyRemoved(int[] members);
}
