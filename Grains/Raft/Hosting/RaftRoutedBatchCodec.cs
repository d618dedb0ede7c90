using System.Buffers.Binary;

namespace OrleansSync.Grains.Raft.Hosting;

/// <summary>
/// The payload of one router call: per entry, the destination peer (group, replica) and one
/// RaftMessageCodec batch. Little-endian: entry count, then (group, replica, length, bytes) per entry.
/// </summary>
internal static class RaftRoutedBatchCodec
{
    /// <summary>Entries per routed call; the router never builds more and refuses more on decode.</summary>
    public const int MaxEntries = 4_096;

    public static byte[] Encode(IReadOnlyList<RoutedMessages> entries)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(entries.Count, MaxEntries);
        var size = 4 + entries.Sum(e => 12 + e.Batch.Length);
        var buffer = new byte[size];
        BinaryPrimitives.WriteInt32LittleEndian(buffer, entries.Count);
        var offset = 4;
        foreach (var entry in entries)
        {
            BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(offset), entry.Destination.Group);
            BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(offset + 4), entry.Destination.Replica);
            BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(offset + 8), entry.Batch.Length);
            entry.Batch.CopyTo(buffer.AsSpan(offset + 12));
            offset += 12 + entry.Batch.Length;
        }

        return buffer;
    }

    /// <exception cref="FormatException">The payload is truncated, too long or names a negative peer.</exception>
    public static List<RoutedMessages> Decode(byte[] routed)
    {
        var count = routed.Length >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(routed) : -1;
        if (count is < 0 or > MaxEntries)
        {
            throw new FormatException($"A routed Raft batch holds 0 to {MaxEntries} entries, not {count}.");
        }

        var entries = new List<RoutedMessages>(count);
        var offset = 4;
        for (var i = 0; i < count; i++)
        {
            if (routed.Length - offset < 12)
            {
                throw new FormatException("A routed Raft batch is truncated.");
            }

            var group = BinaryPrimitives.ReadInt32LittleEndian(routed.AsSpan(offset));
            var replica = BinaryPrimitives.ReadInt32LittleEndian(routed.AsSpan(offset + 4));
            var length = BinaryPrimitives.ReadInt32LittleEndian(routed.AsSpan(offset + 8));
            if (group < 0 || replica < 0 || length < 0 || length > routed.Length - offset - 12)
            {
                throw new FormatException("A routed Raft batch has a malformed entry.");
            }

            entries.Add(new RoutedMessages(new RaftPeerKey(group, replica), routed.AsSpan(offset + 12, length).ToArray()));
            offset += 12 + length;
        }

        return offset == routed.Length ? entries : throw new FormatException("A routed Raft batch has trailing bytes.");
    }
}
