using System.Buffers.Binary;
using System.Text;
using OrleansSync.Grains.Interfaces.Locks;

namespace OrleansSync.Grains.Locks;

/// <summary>
/// The binary form of <see cref="LockCommand"/>s in the Raft log: a format version byte, a kind
/// byte, then the fields in declaration order. Integers are little-endian; strings are a
/// 16-bit byte length and UTF-8. Decoding rejects unknown versions and kinds, truncation,
/// trailing bytes and over-long strings with a <see cref="LockCommandFormatException"/>.
/// </summary>
public static class LockCommandCodec
{
    /// <summary>The longest string field, in UTF-8 bytes.</summary>
    public const int MaxStringBytes = 4_096;

    private const byte FormatVersion = 1;

    /// <summary>Strict both ways: a lone surrogate or an invalid byte is an error, never silently replaced.</summary>
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static byte[] Encode(LockCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var buffer = new List<byte>(64) { FormatVersion };
        switch (command)
        {
            case OpenLeaseCommand open:
                buffer.Add((byte)LockCommandKind.OpenLease);
                WriteString(buffer, open.Owner);
                WriteInt64(buffer, open.TtlMs);
                break;
            case KeepAliveCommand keepAlive:
                buffer.Add((byte)LockCommandKind.KeepAlive);
                WriteUInt64(buffer, keepAlive.LeaseId);
                break;
            case CloseLeaseCommand close:
                buffer.Add((byte)LockCommandKind.CloseLease);
                WriteUInt64(buffer, close.LeaseId);
                break;
            case AcquireCommand acquire:
                buffer.Add((byte)LockCommandKind.Acquire);
                WriteString(buffer, acquire.LockName);
                WriteUInt64(buffer, acquire.LeaseId);
                buffer.Add((byte)acquire.Mode);
                WriteInt64(buffer, acquire.WaitTimeoutMs);
                break;
            case ReleaseCommand release:
                buffer.Add((byte)LockCommandKind.Release);
                WriteString(buffer, release.LockName);
                WriteUInt64(buffer, release.LeaseId);
                break;
            case CancelWaitCommand cancel:
                buffer.Add((byte)LockCommandKind.CancelWait);
                WriteString(buffer, cancel.LockName);
                WriteUInt64(buffer, cancel.LeaseId);
                break;
            case AbortWaitCommand abort:
                buffer.Add((byte)LockCommandKind.AbortWait);
                WriteString(buffer, abort.LockName);
                WriteUInt64(buffer, abort.LeaseId);
                WriteUInt64(buffer, abort.WaitId);
                WriteString(buffer, abort.Cycle);
                break;
            case ExpireCommand:
                buffer.Add((byte)LockCommandKind.Expire);
                break;
            default:
                throw new ArgumentException($"Unknown lock command {command.GetType().Name}.", nameof(command));
        }

        return [.. buffer];
    }

    public static LockCommand Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new SpanReader(bytes);
        var version = reader.ReadByte();
        if (version != FormatVersion)
        {
            throw new LockCommandFormatException($"Lock command format version {version} is not supported (expected {FormatVersion}).");
        }

        var kind = (LockCommandKind)reader.ReadByte();
        LockCommand command = kind switch
        {
            LockCommandKind.OpenLease => new OpenLeaseCommand(reader.ReadString(), reader.ReadInt64()),
            LockCommandKind.KeepAlive => new KeepAliveCommand(reader.ReadUInt64()),
            LockCommandKind.CloseLease => new CloseLeaseCommand(reader.ReadUInt64()),
            LockCommandKind.Acquire => new AcquireCommand(reader.ReadString(), reader.ReadUInt64(), (LockMode)reader.ReadByte(), reader.ReadInt64()),
            LockCommandKind.Release => new ReleaseCommand(reader.ReadString(), reader.ReadUInt64()),
            LockCommandKind.CancelWait => new CancelWaitCommand(reader.ReadString(), reader.ReadUInt64()),
            LockCommandKind.AbortWait => new AbortWaitCommand(reader.ReadString(), reader.ReadUInt64(), reader.ReadUInt64(), reader.ReadString()),
            LockCommandKind.Expire => new ExpireCommand(),
            _ => throw new LockCommandFormatException($"Unknown lock command kind {(byte)kind}."),
        };
        reader.EnsureEnd();
        return command;
    }

    private static void WriteString(List<byte> buffer, string value)
    {
        byte[] bytes;
        try
        {
            bytes = StrictUtf8.GetBytes(value);
        }
        catch (EncoderFallbackException exception)
        {
            throw new ArgumentException("A lock command string is not valid UTF-16 (lone surrogate).", nameof(value), exception);
        }

        if (bytes.Length > MaxStringBytes)
        {
            throw new ArgumentException($"A lock command string is {bytes.Length} bytes; the limit is {MaxStringBytes}.", nameof(value));
        }

        Span<byte> length = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)bytes.Length);
        buffer.AddRange(length);
        buffer.AddRange(bytes);
    }

    private static void WriteUInt64(List<byte> buffer, ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        buffer.AddRange(bytes);
    }

    private static void WriteInt64(List<byte> buffer, long value) => WriteUInt64(buffer, unchecked((ulong)value));

    /// <summary>A bounds-checked cursor over the encoded bytes.</summary>
    private ref struct SpanReader(ReadOnlySpan<byte> bytes)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;
        private int _position;

        public byte ReadByte() => Take(1)[0];

        public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

        public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

        public string ReadString()
        {
            var length = BinaryPrimitives.ReadUInt16LittleEndian(Take(2));
            if (length > MaxStringBytes)
            {
                throw new LockCommandFormatException($"A lock command string is {length} bytes; the limit is {MaxStringBytes}.");
            }

            var utf8 = Take(length);
            try
            {
                return StrictUtf8.GetString(utf8);
            }
            catch (DecoderFallbackException exception)
            {
                throw new LockCommandFormatException("A lock command string is not valid UTF-8.", exception);
            }
        }

        public readonly void EnsureEnd()
        {
            if (_position != _bytes.Length)
            {
                throw new LockCommandFormatException($"A lock command has {_bytes.Length - _position} trailing bytes.");
            }
        }

        private ReadOnlySpan<byte> Take(int count)
        {
            if (_bytes.Length - _position < count)
            {
                throw new LockCommandFormatException($"A lock command is truncated at byte {_position} (needs {count} more).");
            }

            var slice = _bytes.Slice(_position, count);
            _position += count;
            return slice;
        }
    }
}
