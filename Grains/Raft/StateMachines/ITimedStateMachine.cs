namespace OrleansSync.Grains.Raft.StateMachines;

/// <summary>
/// A replicated state machine that needs time (leases, timeouts). Behind a
/// <see cref="SessionStateMachine"/> it is applied with the session layer's committed time: the
/// highest timestamp the proposing leaders stamped on committed commands, identical on every
/// replica. Clients never supply time.
/// </summary>
public interface ITimedStateMachine : IReplicatedStateMachine
{
    /// <summary>Applies the command committed at <paramref name="index"/>; <paramref name="committedTimeMs"/> never decreases.</summary>
    ReadOnlyMemory<byte> Apply(ulong index, long committedTimeMs, ReadOnlyMemory<byte> command);
}
