namespace OrleansSync.Grains.Raft.StateMachines;

/// <summary>
/// The envelope of every command proposed through client sessions (Raft thesis §6.3).
/// </summary>
/// <param name="Kind">What is asked.</param>
/// <param name="SessionId">The session (0 for <see cref="SessionCommandKind.Register"/>).</param>
/// <param name="Sequence">The client's sequence number for <see cref="SessionCommandKind.Command"/>, from 1; 0 otherwise.</param>
/// <param name="TimestampMs">
/// The proposing leader's clock in Unix milliseconds. Committed with the command, it is the only
/// time the state machine sees, so session expiry is the same on every replica.
/// </param>
/// <param name="Payload">The inner command (empty unless <see cref="SessionCommandKind.Command"/>).</param>
public sealed record SessionCommand(SessionCommandKind Kind, ulong SessionId, ulong Sequence, long TimestampMs, ReadOnlyMemory<byte> Payload)
{
    public static SessionCommand Register(long timestampMs) => new(SessionCommandKind.Register, 0, 0, timestampMs, ReadOnlyMemory<byte>.Empty);

    public static SessionCommand Command(ulong sessionId, ulong sequence, long timestampMs, ReadOnlyMemory<byte> payload) =>
        new(SessionCommandKind.Command, sessionId, sequence, timestampMs, payload);

    public static SessionCommand KeepAlive(ulong sessionId, long timestampMs) => new(SessionCommandKind.KeepAlive, sessionId, 0, timestampMs, ReadOnlyMemory<byte>.Empty);

    public static SessionCommand Expire(long timestampMs) => new(SessionCommandKind.Expire, 0, 0, timestampMs, ReadOnlyMemory<byte>.Empty);

    public static SessionCommand Unregister(ulong sessionId, long timestampMs) => new(SessionCommandKind.Unregister, sessionId, 0, timestampMs, ReadOnlyMemory<byte>.Empty);
}
