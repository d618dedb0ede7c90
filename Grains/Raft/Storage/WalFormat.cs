using System.Buffers.Binary;

namespace OrleansSync.Grains.Raft.Storage;

/// <summary>
/// The byte layout of WAL records (see docs: "Raft WAL format"). A record is
/// <c>[u32 payload length][u8 kind][payload][u32 CRC-32C of the preceding bytes]</c>, little-endian.
/// </summary>
internal static class WalFormat
{
    /// <summary>Bytes before the payload: length (4) and kind (1).</summary>
    public const int RecordHeaderBytes = 5;

    /// <summary>Bytes of a record beyond its payload: header plus the trailing CRC (4).</summary>
    public const int RecordOverheadBytes = RecordHeaderBytes + sizeof(uint);

    /// <summary>
    /// Largest payload a reader accepts, whatever the writer's options: a length above it is
    /// corruption. Keeps a damaged length field from making the reader allocate or skip gigabytes.
    /// </summary>
    public const int MaxPayloadBytes = 256 * 1024 * 1024;

    /// <summary>"OSWL" read as a little-endian u32: the segment magic.</summary>
    public const uint SegmentMagic = 0x4C57534F;

    public const ushort FormatVersion = 1;

    /// <summary>Entry payload bytes before the entry data: index (8), term (8), entry kind (1).</summary>
    public const int EntryPayloadHeaderBytes = 17;

    public const int SegmentHeaderPayloadBytes = 16;
    public const int HardStatePayloadBytes = 24;
    public const int SnapshotMarkerPayloadBytes = 17;
    public const int SegmentSealPayloadBytes = 8;

    public static int EntryRecordBytes(LogEntry entry) => RecordOverheadBytes + EntryPayloadHeaderBytes + entry.Data.Length;

    /// <summary>Writes a complete record into <paramref name="destination"/> and returns its length.</summary>
    public static int WriteRecord(Span<byte> destination, WalRecordKind kind, ReadOnlySpan<byte> payloadHeader, ReadOnlySpan<byte> payloadData)
    {
        var payloadLength = payloadHeader.Length + payloadData.Length;
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)payloadLength);
        destination[4] = (byte)kind;
        payloadHeader.CopyTo(destination[RecordHeaderBytes..]);
        payloadData.CopyTo(destination[(RecordHeaderBytes + payloadHeader.Length)..]);
        var crcOffset = RecordHeaderBytes + payloadLength;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[crcOffset..], Crc32C.Compute(destination[..crcOffset]));
        return crcOffset + sizeof(uint);
    }

    /// <summary>
    /// Parses the record at <paramref name="offset"/>. Returns false when there is no complete,
    /// checksummed record of a known kind there (torn, truncated or corrupt).
    /// </summary>
    public static bool TryReadRecord(ReadOnlyMemory<byte> segment, long offset, out WalRecord record)
    {
        record = default;
        var span = segment.Span;
        if (offset < 0 || span.Length - offset < RecordOverheadBytes)
        {
            return false;
        }

        var start = (int)offset;
        var payloadLength = BinaryPrimitives.ReadUInt32LittleEndian(span[start..]);
        var kind = (WalRecordKind)span[start + 4];
        if (payloadLength > MaxPayloadBytes || !Enum.IsDefined(kind)
            || span.Length - start - RecordOverheadBytes < payloadLength)
        {
            return false;
        }

        var crcOffset = start + RecordHeaderBytes + (int)payloadLength;
        var storedCrc = BinaryPrimitives.ReadUInt32LittleEndian(span[crcOffset..]);
        if (storedCrc != Crc32C.Compute(span[start..crcOffset]))
        {
            return false;
        }

        record = new WalRecord(kind, segment.Slice(start + RecordHeaderBytes, (int)payloadLength), offset, (int)payloadLength + RecordOverheadBytes);
        return true;
    }

    /// <summary>Whether any complete, checksummed record starts anywhere after <paramref name="offset"/>.</summary>
    public static bool AnyValidRecordAfter(ReadOnlyMemory<byte> segment, long offset)
    {
        for (var candidate = offset + 1; candidate <= segment.Length - RecordOverheadBytes; candidate++)
        {
            if (TryReadRecord(segment, candidate, out _))
            {
                return true;
            }
        }

        return false;
    }

    public static void WriteSegmentHeaderPayload(Span<byte> payload, ulong sequence)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(payload, SegmentMagic);
        BinaryPrimitives.WriteUInt16LittleEndian(payload[4..], FormatVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(payload[6..], 0);
        BinaryPrimitives.WriteUInt64LittleEndian(payload[8..], sequence);
    }

    public static void WriteEntryPayloadHeader(Span<byte> payload, LogEntry entry)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(payload, entry.Index);
        BinaryPrimitives.WriteUInt64LittleEndian(payload[8..], entry.Term);
        payload[16] = (byte)entry.Kind;
    }

    public static void WriteHardStatePayload(Span<byte> payload, HardState hardState)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(payload, hardState.Term);
        BinaryPrimitives.WriteUInt64LittleEndian(payload[8..], hardState.VotedFor);
        BinaryPrimitives.WriteUInt64LittleEndian(payload[16..], hardState.CommitIndex);
    }

    public static void WriteSnapshotMarkerPayload(Span<byte> payload, ulong index, ulong term, bool keepSuffix)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(payload, index);
        BinaryPrimitives.WriteUInt64LittleEndian(payload[8..], term);
        payload[16] = keepSuffix ? (byte)1 : (byte)0;
    }
}
