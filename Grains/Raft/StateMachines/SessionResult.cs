namespace OrleansSync.Grains.Raft.StateMachines;

/// <summary>The answer of the <see cref="SessionStateMachine"/> to one <see cref="SessionCommand"/>.</summary>
/// <param name="Status">Outcome.</param>
/// <param name="SessionId">The session concerned; for a successful register, the new session's id.</param>
/// <param name="Sequence">For <see cref="SessionResultStatus.Ok"/> commands, the request's sequence; for <see cref="SessionResultStatus.StaleSequence"/>, the last answered one.</param>
/// <param name="Payload">For an applied command, the inner state machine's result; otherwise empty.</param>
public sealed record SessionResult(SessionResultStatus Status, ulong SessionId, ulong Sequence, ReadOnlyMemory<byte> Payload);
