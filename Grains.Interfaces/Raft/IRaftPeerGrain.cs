using OrleansSync.Runtime;

namespace OrleansSync.Grains.Interfaces.Raft;

/// <summary>
/// One replica of one Raft group, keyed <c>{group}/{replica}</c>. Peers of a group exchange Raft
/// messages with <see cref="Deliver"/>; callers propose commands and read through the leader.
/// </summary>
public interface IRaftPeerGrain : IGrainWithStringKey
{
    /// <summary>Hands this peer a batch of Raft messages from another peer of its group (RaftMessageCodec batch).</summary>
    Task Deliver(byte[] messages);

    /// <summary>Proposes a command; answers once it is committed and applied here, with the state machine's result.</summary>
    Task<RaftCallOutcome> Propose(byte[] command);

    /// <summary>Answers a read-only query linearizably (ReadIndex), from any replica.</summary>
    Task<RaftCallOutcome> Read(byte[] query);

    /// <summary>
    /// Waits, on the leader, up to <paramref name="timeoutMs"/> for the outcome of something a
    /// command started (for locks: a queued request, keyed by its wait id). <see cref="RaftCallStatus.Ok"/>
    /// carries the state machine's encoded outcome; <see cref="RaftCallStatus.Unknown"/> means
    /// nothing arrived in time, the outcome is no longer known here, or leadership changed: read
    /// the state linearizably instead. Bounded per peer (<see cref="RaftCallStatus.Overloaded"/> past it).
    /// </summary>
    Task<RaftCallOutcome> WaitForOutcome(ulong key, int timeoutMs);

    /// <summary>Role, term, leader and indexes of this peer.</summary>
    Task<RaftPeerStatus> GetStatus();
}
