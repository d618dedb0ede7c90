namespace OrleansSync.Grains.Raft.Storage;

/// <summary>A record read back from a segment: its kind, its payload and where it sits.</summary>
/// <param name="Kind">The record kind.</param>
/// <param name="Payload">The payload bytes (a slice of the segment buffer).</param>
/// <param name="Offset">Byte offset of the record's first byte in its segment.</param>
/// <param name="LengthBytes">Total record length: header, payload and CRC.</param>
internal readonly record struct WalRecord(WalRecordKind Kind, ReadOnlyMemory<byte> Payload, long Offset, int LengthBytes);
