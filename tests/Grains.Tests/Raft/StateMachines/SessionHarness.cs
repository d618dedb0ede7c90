using OrleansSync.Grains.Raft.StateMachines;

namespace OrleansSync.Grains.Tests.Raft.StateMachines;

/// <summary>Drives a <see cref="SessionStateMachine"/> over a <see cref="KeyValueStateMachine"/> as a Raft host would: one log index per command.</summary>
internal sealed class SessionHarness
{
    public SessionHarness(SessionStateMachineOptions? options = null)
    {
        KeyValue = new KeyValueStateMachine();
        Sessions = new SessionStateMachine(KeyValue, options);
    }

    public KeyValueStateMachine KeyValue { get; }

    public SessionStateMachine Sessions { get; }

    public ulong LastIndex { get; private set; }

    public SessionResult Submit(SessionCommand command) => SessionResultCodec.Decode(ApplyRaw(SessionCommandCodec.Encode(command)).Span);

    public ReadOnlyMemory<byte> ApplyRaw(byte[] command) => Sessions.Apply(++LastIndex, command);

    public ulong Register(long timestampMs)
    {
        var result = Submit(SessionCommand.Register(timestampMs));
        Assert.Equal(SessionResultStatus.Ok, result.Status);
        return result.SessionId;
    }

    public SessionResult Execute(ulong sessionId, ulong sequence, long timestampMs, KeyValueCommand command) =>
        Submit(SessionCommand.Command(sessionId, sequence, timestampMs, KeyValueCodec.EncodeCommand(command)));

    public static KeyValueResult Inner(SessionResult result)
    {
        Assert.Equal(SessionResultStatus.Ok, result.Status);
        return KeyValueCodec.DecodeResult(result.Payload.Span);
    }
}
