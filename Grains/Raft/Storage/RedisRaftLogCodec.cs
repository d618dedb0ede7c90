using System.Buffers.Binary;

namespace OrleansSync.Grains.Raft.Storage;

/// <summary>
/// Values of the Redis Raft log store (little-endian): hard state = term, voted for, commit index
/// (u64 each); entry = u64 term, u8 kind, data; snapshot = u64 index, u64 term, u32 configuration
/// length, configuration (<see cref="ClusterConfigurationCodec"/>), data. Decoding failures are
/// <see cref="RaftStorageCorruptedException"/>.
/// </summary>
internal static class RedisRaftLogCodec
{
    private const int HardStateBytes = 24;
    private const int EntryHeaderBytes = 9;
    private const int SnapshotHeaderBytes = 20;

    public static byte[] EncodeHardState(HardState state)
    {
        var bytes = new byte[HardStateBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, state.Term);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(8), state.VotedFor);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(16), state.CommitIndex);
        return bytes;
    }

    public static HardState DecodeHardState(ReadOnlySpan<byte> bytes) => bytes.Length != HardStateBytes
        ? throw new RaftStorageCorruptedException($"The stored hard state has {bytes.Length} bytes, expected {HardStateBytes}.")
        : new HardState(
            BinaryPrimitives.ReadUInt64LittleEndian(bytes),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[16..]));

    public static byte[] EncodeEntry(LogEntry entry)
    {
        var bytes = new byte[EntryHeaderBytes + entry.Data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, entry.Term);
        bytes[8] = (byte)entry.Kind;
        entry.Data.Span.CopyTo(bytes.AsSpan(EntryHeaderBytes));
        return bytes;
    }

    public static LogEntry DecodeEntry(ulong index, ReadOnlyMemory<byte> bytes)
    {
        if (bytes.Length < EntryHeaderBytes)
        {
            throw new RaftStorageCorruptedException($"The stored entry {index} has {bytes.Length} bytes, fewer than its {EntryHeaderBytes}-byte header.");
        }

        var kind = (LogEntryKind)bytes.Span[8];
        if (!Enum.IsDefined(kind))
        {
            throw new RaftStorageCorruptedException($"The stored entry {index} has unknown kind {(byte)kind}.");
        }

        return new LogEntry(index, BinaryPrimitives.ReadUInt64LittleEndian(bytes.Span), kind, bytes[EntryHeaderBytes..].ToArray());
    }

    public static byte[] EncodeSnapshot(RaftSnapshot snapshot)
    {
        var configuration = ClusterConfigurationCodec.Encode(snapshot.Configuration);
        var bytes = new byte[SnapshotHeaderBytes + configuration.Length + snapshot.Data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, snapshot.Index);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(8), snapshot.Term);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16), (uint)configuration.Length);
        configuration.CopyTo(bytes.AsSpan(SnapshotHeaderBytes));
        snapshot.Data.Span.CopyTo(bytes.AsSpan(SnapshotHeaderBytes + configuration.Length));
        return bytes;
    }

    public static RaftSnapshot DecodeSnapshot(ReadOnlyMemory<byte> bytes)
    {
        var span = bytes.Span;
        var configurationLength = span.Length < SnapshotHeaderBytes ? uint.MaxValue : BinaryPrimitives.ReadUInt32LittleEndian(span[16..]);
        if (configurationLength > (uint)(span.Length - SnapshotHeaderBytes))
        {
            throw new RaftStorageCorruptedException($"The stored snapshot ({bytes.Length} bytes) is truncated.");
        }

        ClusterConfiguration configuration;
        try
        {
            configuration = ClusterConfigurationCodec.Decode(span.Slice(SnapshotHeaderBytes, (int)configurationLength));
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or InvalidDataException)
        {
            throw new RaftStorageCorruptedException("The stored snapshot's configuration does not decode.", exception);
        }

        return new RaftSnapshot(
            BinaryPrimitives.ReadUInt64LittleEndian(span),
            BinaryPrimitives.ReadUInt64LittleEndian(span[8..]),
            configuration,
            bytes[(SnapshotHeaderBytes + (int)configurationLength)..].ToArray());
    }
}
