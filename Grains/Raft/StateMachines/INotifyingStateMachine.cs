namespace OrleansSync.Grains.Raft.StateMachines;

/// <summary>
/// A state machine whose commands start something that a later command ends (a queued lock
/// request is granted, times out or is aborted). Applying produces <see cref="StateMachineNotification"/>s
/// keyed by what they end, so the host can answer callers that wait for that outcome instead of
/// having them poll.
/// </summary>
public interface INotifyingStateMachine : IReplicatedStateMachine
{
    /// <summary>Returns and forgets the notifications produced by commands applied since the last call.</summary>
    IReadOnlyList<StateMachineNotification> TakeNotifications();

    /// <summary>
    /// Whether an outcome for <paramref name="key"/> may still come: the thing is pending, or the
    /// command that starts it has not been applied here yet. False means it ended earlier (or
    /// never existed): the caller must read the state instead of waiting.
    /// </summary>
    bool MayNotify(ulong key);
}
