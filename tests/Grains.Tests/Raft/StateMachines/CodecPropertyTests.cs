using FsCheck.Fluent;
using OrleansSync.Grains.Raft.StateMachines;
using Xunit.Abstractions;
using static OrleansSync.Grains.Tests.Raft.StateMachines.StateMachineGenerators;

namespace OrleansSync.Grains.Tests.Raft.StateMachines;

/// <summary>Round trips and rejection of malformed input, for every state-machine codec.</summary>
public sealed class CodecPropertyTests
{
    private readonly ITestOutputHelper _output;

    public CodecPropertyTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public void SessionCommand_EncodeThenDecode_ReturnsSameCommand()
    {
        PropertyRunner.Run(_output, Prop.ForAll(Arb.From(SessionCommands), command =>
        {
            var decoded = SessionCommandCodec.Decode(SessionCommandCodec.Encode(command));
            AssertSame(command, decoded);
        }));
    }

    [Fact]
    public void SessionCommand_AnyTruncation_IsRejected()
    {
        PropertyRunner.Run(_output, Prop.ForAll(Arb.From(SessionCommands), command =>
        {
            var bytes = SessionCommandCodec.Encode(command);
            for (var length = 0; length < bytes.Length; length++)
            {
                Assert.Throws<CommandFormatException>(() => SessionCommandCodec.Decode(bytes.AsSpan(0, length)));
            }

            Assert.Throws<CommandFormatException>(() => SessionCommandCodec.Decode([.. bytes, 0]));
        }));
    }

    [Fact]
    public void SessionCommand_ArbitraryBytes_DecodeCanonicallyOrThrowTypedError()
    {
        var mutated = from command in SessionCommands
                      from position in FsCheck.Fluent.Gen.Choose(0, 1000)
                      from value in FsCheck.Fluent.Gen.Choose(0, 255)
                      select Mutate(SessionCommandCodec.Encode(command), position, (byte)value);
        var inputs = FsCheck.Fluent.Gen.OneOf(Bytes(80), mutated);
        PropertyRunner.Run(_output, Prop.ForAll(Arb.From(inputs), bytes =>
        {
            if (TryDecode(() => SessionCommandCodec.Decode(bytes), out var decoded))
            {
                Assert.Equal(bytes, SessionCommandCodec.Encode(decoded));
            }
        }), maxTest: 500);
    }

    [Fact]
    public void SessionResult_EncodeThenDecode_ReturnsSameResult()
    {
        PropertyRunner.Run(_output, Prop.ForAll(Arb.From(SessionResults), result =>
        {
            var decoded = SessionResultCodec.Decode(SessionResultCodec.Encode(result));
            Assert.Equal((result.Status, result.SessionId, result.Sequence), (decoded.Status, decoded.SessionId, decoded.Sequence));
            Assert.Equal(result.Payload.ToArray(), decoded.Payload.ToArray());
        }));
    }

    [Fact]
    public void KeyValueCommand_EncodeThenDecode_ReturnsSameCommand()
    {
        PropertyRunner.Run(_output, Prop.ForAll(Arb.From(KeyValueCommands), command =>
        {
            Assert.Equal(command, KeyValueCodec.DecodeCommand(KeyValueCodec.EncodeCommand(command)));
        }));
    }

    [Fact]
    public void KeyValueCommand_AnyTruncationOrTrailingByte_IsRejected()
    {
        PropertyRunner.Run(_output, Prop.ForAll(Arb.From(KeyValueCommands), command =>
        {
            var bytes = KeyValueCodec.EncodeCommand(command);
            for (var length = 0; length < bytes.Length; length++)
            {
                Assert.Throws<CommandFormatException>(() => KeyValueCodec.DecodeCommand(bytes.AsSpan(0, length)));
            }

            Assert.Throws<CommandFormatException>(() => KeyValueCodec.DecodeCommand([.. bytes, 7]));
        }));
    }

    [Fact]
    public void KeyValueCommand_ArbitraryBytes_DecodeCanonicallyOrThrowTypedError()
    {
        var mutated = from command in KeyValueCommands
                      from position in FsCheck.Fluent.Gen.Choose(0, 200)
                      from value in FsCheck.Fluent.Gen.Choose(0, 255)
                      select Mutate(KeyValueCodec.EncodeCommand(command), position, (byte)value);
        PropertyRunner.Run(_output, Prop.ForAll(Arb.From(FsCheck.Fluent.Gen.OneOf(Bytes(40), mutated)), bytes =>
        {
            if (TryDecode(() => KeyValueCodec.DecodeCommand(bytes), out var decoded))
            {
                Assert.Equal(bytes, KeyValueCodec.EncodeCommand(decoded));
            }
        }), maxTest: 500);
    }

    [Fact]
    public void KeyValueResult_EncodeThenDecode_ReturnsSameResult()
    {
        PropertyRunner.Run(_output, Prop.ForAll(Arb.From(KeyValueResults), result =>
        {
            Assert.Equal(result, KeyValueCodec.DecodeResult(KeyValueCodec.EncodeResult(result)));
        }));
    }

    [Fact]
    public void Encode_InvalidCommands_ThrowArgumentException()
    {
        Assert.Throws<ArgumentException>(() => SessionCommandCodec.Encode(new SessionCommand(SessionCommandKind.Command, 1, 0, 0, Array.Empty<byte>())));
        Assert.Throws<ArgumentException>(() => SessionCommandCodec.Encode(new SessionCommand(SessionCommandKind.Register, 5, 0, 0, Array.Empty<byte>())));
        Assert.Throws<ArgumentException>(() => SessionCommandCodec.Encode(SessionCommand.Command(1, 1, -1, Array.Empty<byte>())));
        Assert.Throws<ArgumentException>(() => SessionCommandCodec.Encode(SessionCommand.Command(1, 1, 0, new byte[SessionCommandCodec.MaxPayloadBytes + 1])));
        Assert.Throws<ArgumentException>(() => KeyValueCodec.EncodeCommand(KeyValueCommand.Get(string.Empty)));
        Assert.Throws<ArgumentException>(() => KeyValueCodec.EncodeCommand(KeyValueCommand.Get(new string('k', KeyValueCodec.MaxKeyBytes + 1))));
        Assert.Throws<ArgumentException>(() => KeyValueCodec.EncodeCommand(new KeyValueCommand(KeyValueCommandKind.Get, "k", "v")));
        Assert.Throws<ArgumentException>(() => KeyValueCodec.EncodeCommand(KeyValueCommand.Put("k", "\ud800")));
    }

    [Fact]
    public void Decode_OversizedLengthField_RejectedBeforeReading()
    {
        byte[] bytes = [1, (byte)SessionCommandKind.Command, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0x7F];
        var exception = Assert.Throws<CommandFormatException>(() => SessionCommandCodec.Decode(bytes));
        Assert.Contains("exceeds the limit", exception.Message, StringComparison.Ordinal);
    }

    private static void AssertSame(SessionCommand expected, SessionCommand actual)
    {
        Assert.Equal((expected.Kind, expected.SessionId, expected.Sequence, expected.TimestampMs), (actual.Kind, actual.SessionId, actual.Sequence, actual.TimestampMs));
        Assert.Equal(expected.Payload.ToArray(), actual.Payload.ToArray());
    }

    private static byte[] Mutate(byte[] bytes, int position, byte value)
    {
        var copy = bytes.ToArray();
        copy[position % copy.Length] = value;
        return copy;
    }

    /// <summary>Decoding either succeeds or throws <see cref="CommandFormatException"/>; any other exception fails the property.</summary>
    private static bool TryDecode<T>(Func<T> decode, out T decoded)
    {
        try
        {
            decoded = decode();
            return true;
        }
        catch (CommandFormatException)
        {
            decoded = default!;
            return false;
        }
    }
}
