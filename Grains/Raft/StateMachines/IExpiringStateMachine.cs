namespace OrleansSync.Grains.Raft.StateMachines;

/// <summary>
/// A timed state machine whose deadlines (leases, wait timeouts) must pass even when no client
/// sends a command. It tells the host its next deadline; the leader, once its clock has passed
/// it, proposes a <see cref="SessionCommandKind.Expire"/> command, whose committed timestamp
/// brings the time in and whose application calls <see cref="Expire"/> on every replica.
/// </summary>
public interface IExpiringStateMachine : ITimedStateMachine
{
    /// <summary>The earliest pending deadline in committed time (Unix ms), or null if nothing is pending.</summary>
    long? NextDeadlineMs { get; }

    /// <summary>Applies the expiry committed at <paramref name="index"/>: everything due at <paramref name="committedTimeMs"/> expires.</summary>
    void Expire(ulong index, long committedTimeMs);
}
