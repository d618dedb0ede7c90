using FsCheck;
using FsCheck.Fluent;
using OrleansSync.Grains.Interfaces.Locks;
using OrleansSync.Grains.Locks;
using OrleansSync.Grains.Raft.StateMachines;

namespace OrleansSync.Grains.Tests.Locks;

public sealed class LockCommandCodecTests
{
    public static TheoryData<LockCommand> Commands() =>
    [
        new OpenLeaseCommand("client-7", 30_000),
        new KeepAliveCommand(42),
        new CloseLeaseCommand(ulong.MaxValue),
        new AcquireCommand("orders/42 ü", 9, LockMode.Shared, 10_000),
        new AcquireCommand("x", 1, LockMode.Exclusive, 0),
        new ReleaseCommand("orders/42", 9),
        new CancelWaitCommand("y", 3),
        new AbortWaitCommand("z", 4, 77, "A waits for B on 'z'"),
        new ExpireCommand(),
    ];

    [Theory]
    [MemberData(nameof(Commands))]
    public void Decode_OfEncode_IsTheSameCommand(LockCommand command)
    {
        Assert.Equal(command, LockCommandCodec.Decode(LockCommandCodec.Encode(command)));
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Decode_TruncatedAtEveryByte_IsAFormatError(LockCommand command)
    {
        var bytes = LockCommandCodec.Encode(command);
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.Throws<CommandFormatException>(() => LockCommandCodec.Decode(bytes.AsSpan(0, length)));
        }
    }

    [Fact]
    public void Decode_UnknownVersionKindOrTrailingBytes_IsAFormatError()
    {
        var bytes = LockCommandCodec.Encode(new KeepAliveCommand(1));

        Assert.Throws<CommandFormatException>(() => LockCommandCodec.Decode([2, .. bytes[1..]]));
        Assert.Throws<CommandFormatException>(() => LockCommandCodec.Decode([bytes[0], 200, .. bytes[2..]]));
        Assert.Throws<CommandFormatException>(() => LockCommandCodec.Decode([.. bytes, 0]));
    }

    [Fact]
    public void Decode_InvalidUtf8_IsAFormatError()
    {
        byte[] bytes = [1, 5, 1, 0, 0xFF, 1, 0, 0, 0, 0, 0, 0, 0];

        Assert.Throws<CommandFormatException>(() => LockCommandCodec.Decode(bytes));
    }

    [Fact]
    public void Decode_RandomBytes_NeverThrowsAnythingElse()
    {
        Prop.ForAll<byte[]>(bytes =>
        {
            try
            {
                LockCommandCodec.Decode(bytes);
            }
            catch (CommandFormatException)
            {
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(500));
    }

    [Fact]
    public void Encode_LoneSurrogate_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => LockCommandCodec.Encode(new ReleaseCommand("bad\uD800", 1)));
    }

    [Fact]
    public void RoundTrip_RandomAcquires()
    {
        Prop.ForAll<NonNull<string>, ulong, long>((name, lease, wait) =>
        {
            var mode = lease % 2 == 0 ? LockMode.Shared : LockMode.Exclusive;
            var command = new AcquireCommand(name.Get, lease, mode, wait);
            byte[] bytes;
            try
            {
                bytes = LockCommandCodec.Encode(command);
            }
            catch (ArgumentException)
            {
                // Only strings that are not valid UTF-16 may be refused, and they must be.
                return !System.Text.Encoding.UTF8.GetString(System.Text.Encoding.UTF8.GetBytes(name.Get)).Equals(name.Get, StringComparison.Ordinal);
            }

            return command == LockCommandCodec.Decode(bytes);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }
}
