using OrleansSync.Grains.Raft.StateMachines;

namespace OrleansSync.Grains.Cache;

/// <summary>
/// The binary form of <see cref="CacheCommand"/>s in the Raft log: a format version byte, a kind
/// byte, then the fields in declaration order. Integers are little-endian; strings are a 16-bit
/// byte length and strict UTF-8; values a 32-bit length. Decoding rejects unknown versions, kinds
/// and flags, truncation, trailing bytes and over-long fields with a <see cref="CommandFormatException"/>.
/// The codec bounds are the hard limits; the directory's options check the tighter ones.
/// </summary>
internal static class CacheCommandCodec
{
    private const byte FormatVersion = 1;

    public static byte[] Encode(CacheCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var builder = new BinaryBuilder(64).Byte(FormatVersion);
        switch (command)
        {
            case CacheFillCommand fill:
                builder.Byte((byte)CacheCommandKind.Fill);
                KeyAndSilo(builder, fill.Key, fill.Silo);
                break;
            case CacheWriteCommand write:
                builder.Byte((byte)CacheCommandKind.Write);
                KeyAndSilo(builder, write.Key, write.Silo).Byte((byte)write.Kind);
                Value(builder, write.Value).Int64(write.TtlMs).Int64(write.ExpectedVersion).Byte((byte)write.Mode);
                break;
            case CacheAckCommand ack:
                builder.Byte((byte)CacheCommandKind.Ack);
                KeyAndSilo(builder, ack.Key, ack.Silo).UInt64(ack.OperationIndex);
                if (ack.Dirty is { } dirty)
                {
                    Dirty(builder.Byte(1), dirty);
                }
                else
                {
                    builder.Byte(0);
                }

                break;
            case CacheRenewCommand renew:
                builder.Byte((byte)CacheCommandKind.Renew);
                KeyAndSilo(builder, renew.Key, renew.Silo).UInt64(renew.GrantIndex);
                break;
            case CacheEvictCommand evict:
                builder.Byte((byte)CacheCommandKind.Evict);
                KeyAndSilo(builder, evict.Key, evict.Silo).UInt64(evict.GrantIndex);
                break;
            case CacheWriteBackCommand writeBack:
                builder.Byte((byte)CacheCommandKind.WriteBack);
                Dirty(KeyAndSilo(builder, writeBack.Key, writeBack.Silo).UInt64(writeBack.GrantIndex), writeBack.Dirty).Byte(writeBack.Release ? (byte)1 : (byte)0);
                break;
            case CacheExpireCommand:
                builder.Byte((byte)CacheCommandKind.Expire);
                break;
            default:
                throw new ArgumentException($"Unknown cache command {command.GetType().Name}.", nameof(command));
        }

        return builder.ToArray();
    }

    /// <exception cref="CommandFormatException">The bytes are not an encoded cache command.</exception>
    public static CacheCommand Decode(ReadOnlySpan<byte> bytes)
    {
        var cursor = new BinaryCursor(bytes, "cache command");
        var version = cursor.ReadByte("version");
        if (version != FormatVersion)
        {
            throw cursor.Fail("version", $"unknown version {version}");
        }

        var kind = (CacheCommandKind)cursor.ReadByte("kind");
        CacheCommand command = kind switch
        {
            CacheCommandKind.Fill => new CacheFillCommand(Key(ref cursor), Silo(ref cursor)),
            CacheCommandKind.Write => new CacheWriteCommand(
                Key(ref cursor), Silo(ref cursor), (CacheWriteKind)cursor.ReadByte("write kind"), Value(ref cursor),
                cursor.ReadInt64("ttl"), cursor.ReadInt64("expected version"), (CacheWriteMode)cursor.ReadByte("mode")),
            CacheCommandKind.Ack => new CacheAckCommand(
                Key(ref cursor), Silo(ref cursor), cursor.ReadUInt64("operation"), Flag(ref cursor, "has dirty") ? Dirty(ref cursor) : null),
            CacheCommandKind.Renew => new CacheRenewCommand(Key(ref cursor), Silo(ref cursor), cursor.ReadUInt64("grant")),
            CacheCommandKind.Evict => new CacheEvictCommand(Key(ref cursor), Silo(ref cursor), cursor.ReadUInt64("grant")),
            CacheCommandKind.WriteBack => new CacheWriteBackCommand(
                Key(ref cursor), Silo(ref cursor), cursor.ReadUInt64("grant"), Dirty(ref cursor), Flag(ref cursor, "release")),
            CacheCommandKind.Expire => new CacheExpireCommand(),
            _ => throw cursor.Fail("kind", $"unknown cache command kind {(byte)kind}"),
        };
        cursor.ExpectEnd();
        return command;
    }

    internal static BinaryBuilder String(BinaryBuilder builder, string value, int maxBytes, string what)
    {
        int length;
        try
        {
            length = BinaryBuilder.StrictUtf8.GetByteCount(value);
        }
        catch (System.Text.EncoderFallbackException exception)
        {
            throw new ArgumentException($"A cache {what} is not valid UTF-16 (lone surrogate).", nameof(value), exception);
        }

        return length <= maxBytes
            ? builder.String16(value)
            : throw new ArgumentException($"A cache {what} is {length} bytes; the limit is {maxBytes}.", nameof(value));
    }

    internal static BinaryBuilder Value(BinaryBuilder builder, byte[] value) =>
        value.Length <= CacheDirectoryOptions.CodecMaxValueBytes
            ? builder.Bytes32(value)
            : throw new ArgumentException($"A cache value is {value.Length} bytes; the limit is {CacheDirectoryOptions.CodecMaxValueBytes}.", nameof(value));

    internal static byte[] Value(ref BinaryCursor cursor) => cursor.ReadBytes32("value", CacheDirectoryOptions.CodecMaxValueBytes).ToArray();

    internal static string Key(ref BinaryCursor cursor) => cursor.ReadString16("key", CacheDirectoryOptions.CodecMaxKeyBytes);

    internal static string Silo(ref BinaryCursor cursor) => cursor.ReadString16("silo", CacheDirectoryOptions.CodecMaxSiloIdBytes);

    internal static bool Flag(ref BinaryCursor cursor, string field) => cursor.ReadByte(field) switch
    {
        0 => false,
        1 => true,
        var other => throw cursor.Fail(field, $"flag {other} is neither 0 nor 1"),
    };

    private static BinaryBuilder KeyAndSilo(BinaryBuilder builder, string key, string silo) =>
        String(String(builder, key, CacheDirectoryOptions.CodecMaxKeyBytes, "key"), silo, CacheDirectoryOptions.CodecMaxSiloIdBytes, "silo id");

    private static BinaryBuilder Dirty(BinaryBuilder builder, CacheDirtyValue dirty) =>
        Value(builder.Byte(dirty.Deleted ? (byte)1 : (byte)0), dirty.Value);

    private static CacheDirtyValue Dirty(ref BinaryCursor cursor) => new(Flag(ref cursor, "deleted"), Value(ref cursor));
}
