using OrleansSync.Grains.Interfaces.Locks;
using OrleansSync.Grains.Raft.StateMachines;

namespace OrleansSync.Grains.Locks;

/// <summary>
/// The binary form of <see cref="LockCommand"/>s in the Raft log: a format version byte, a kind
/// byte, then the fields in declaration order. Integers are little-endian; strings are a
/// 16-bit byte length and strict UTF-8. Decoding rejects unknown versions and kinds, truncation,
/// trailing bytes and over-long strings with a <see cref="CommandFormatException"/>.
/// </summary>
public static class LockCommandCodec
{
    /// <summary>The longest string field, in UTF-8 bytes.</summary>
    public const int MaxStringBytes = 4_096;

    private const byte FormatVersion = 1;

    public static byte[] Encode(LockCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var builder = new BinaryBuilder(64).Byte(FormatVersion);
        switch (command)
        {
            case OpenLeaseCommand open:
                builder.Byte((byte)LockCommandKind.OpenLease);
                String(builder, open.Owner).Int64(open.TtlMs);
                break;
            case KeepAliveCommand keepAlive:
                builder.Byte((byte)LockCommandKind.KeepAlive).UInt64(keepAlive.LeaseId);
                break;
            case CloseLeaseCommand close:
                builder.Byte((byte)LockCommandKind.CloseLease).UInt64(close.LeaseId);
                break;
            case AcquireCommand acquire:
                builder.Byte((byte)LockCommandKind.Acquire);
                String(builder, acquire.LockName).UInt64(acquire.LeaseId).Byte((byte)acquire.Mode).Int64(acquire.WaitTimeoutMs);
                break;
            case ReleaseCommand release:
                builder.Byte((byte)LockCommandKind.Release);
                String(builder, release.LockName).UInt64(release.LeaseId);
                break;
            case CancelWaitCommand cancel:
                builder.Byte((byte)LockCommandKind.CancelWait);
                String(builder, cancel.LockName).UInt64(cancel.LeaseId);
                break;
            case AbortWaitCommand abort:
                builder.Byte((byte)LockCommandKind.AbortWait);
                String(String(builder, abort.LockName).UInt64(abort.LeaseId).UInt64(abort.WaitId), abort.Cycle);
                break;
            case ExpireCommand:
                builder.Byte((byte)LockCommandKind.Expire);
                break;
            default:
                throw new ArgumentException($"Unknown lock command {command.GetType().Name}.", nameof(command));
        }

        return builder.ToArray();
    }

    /// <exception cref="CommandFormatException">The bytes are not an encoded lock command.</exception>
    public static LockCommand Decode(ReadOnlySpan<byte> bytes)
    {
        var cursor = new BinaryCursor(bytes, "lock command");
        var version = cursor.ReadByte("version");
        if (version != FormatVersion)
        {
            throw cursor.Fail("version", $"unknown version {version}");
        }

        var kind = (LockCommandKind)cursor.ReadByte("kind");
        LockCommand command = kind switch
        {
            LockCommandKind.OpenLease => new OpenLeaseCommand(Name(ref cursor, "owner"), cursor.ReadInt64("ttl")),
            LockCommandKind.KeepAlive => new KeepAliveCommand(cursor.ReadUInt64("lease")),
            LockCommandKind.CloseLease => new CloseLeaseCommand(cursor.ReadUInt64("lease")),
            LockCommandKind.Acquire => new AcquireCommand(
                Name(ref cursor, "lock"), cursor.ReadUInt64("lease"), (LockMode)cursor.ReadByte("mode"), cursor.ReadInt64("wait timeout")),
            LockCommandKind.Release => new ReleaseCommand(Name(ref cursor, "lock"), cursor.ReadUInt64("lease")),
            LockCommandKind.CancelWait => new CancelWaitCommand(Name(ref cursor, "lock"), cursor.ReadUInt64("lease")),
            LockCommandKind.AbortWait => new AbortWaitCommand(
                Name(ref cursor, "lock"), cursor.ReadUInt64("lease"), cursor.ReadUInt64("wait"), Name(ref cursor, "cycle")),
            LockCommandKind.Expire => new ExpireCommand(),
            _ => throw cursor.Fail("kind", $"unknown lock command kind {(byte)kind}"),
        };
        cursor.ExpectEnd();
        return command;
    }

    private static BinaryBuilder String(BinaryBuilder builder, string value)
    {
        int length;
        try
        {
            length = BinaryBuilder.StrictUtf8.GetByteCount(value);
        }
        catch (System.Text.EncoderFallbackException exception)
        {
            throw new ArgumentException("A lock command string is not valid UTF-16 (lone surrogate).", nameof(value), exception);
        }

        return length <= MaxStringBytes
            ? builder.String16(value)
            : throw new ArgumentException($"A lock command string is {length} bytes; the limit is {MaxStringBytes}.", nameof(value));
    }

    private static string Name(ref BinaryCursor cursor, string field) => cursor.ReadString16(field, MaxStringBytes);
}
