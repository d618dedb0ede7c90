using System.Buffers.Binary;

namespace OrleansSync.Grains.Raft.Storage;

/// <summary>
/// The snapshot file of a <see cref="FileRaftLogStore"/>, little-endian:
/// <c>[u32 magic "OSSN"][u16 version][u16 0][u64 index][u64 term][u32 voter count][u64 voter]*
/// [u32 learner count][u64 learner]*[u32 data length][data][u32 CRC-32C of all preceding bytes]</c>.
/// It is replaced atomically: written to a temporary file, fsynced, renamed over the old one, and the
/// directory fsynced so the rename itself is durable.
/// </summary>
internal static class SnapshotFile
{
    public const string FileName = "snapshot.snap";
    public const string TemporaryFileName = "snapshot.snap.tmp";

    /// <summary>"OSSN" read as a little-endian u32.</summary>
    private const uint Magic = 0x4E53534F;
    private const ushort Version = 1;
    private const int FixedPrefixBytes = 24;

    /// <summary>Atomically replaces the snapshot file with <paramref name="bytes"/> (from <see cref="Encode"/>).</summary>
    public static void Write(string directory, byte[] bytes)
    {
        var temporaryPath = Path.Combine(directory, TemporaryFileName);
        using (var handle = File.OpenHandle(temporaryPath, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            RandomAccess.Write(handle, bytes, 0);
            RandomAccess.FlushToDisk(handle);
        }

        File.Move(temporaryPath, Path.Combine(directory, FileName), overwrite: true);
        DirectoryFlusher.Flush(directory);
    }

    /// <summary>Reads the snapshot, or null if there is none.</summary>
    /// <exception cref="RaftStorageCorruptedException">The file is damaged.</exception>
    public static RaftSnapshot? Read(string directory, long maxBytes)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        var length = new FileInfo(path).Length;
        if (length > maxBytes)
        {
            throw Corrupt(path, 0, $"the file is {length} bytes, above the {maxBytes}-byte limit");
        }

        return Decode(path, File.ReadAllBytes(path));
    }

    public static byte[] Encode(RaftSnapshot snapshot)
    {
        var configuration = snapshot.Configuration;
        var length = FixedPrefixBytes + sizeof(uint) + (8 * configuration.Voters.Count) + sizeof(uint)
            + (8 * configuration.Learners.Count) + sizeof(uint) + snapshot.Data.Length + sizeof(uint);
        var bytes = new byte[length];
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(span[4..], Version);
        BinaryPrimitives.WriteUInt64LittleEndian(span[8..], snapshot.Index);
        BinaryPrimitives.WriteUInt64LittleEndian(span[16..], snapshot.Term);
        var offset = WriteNodes(span, FixedPrefixBytes, configuration.Voters);
        offset = WriteNodes(span, offset, configuration.Learners);
        BinaryPrimitives.WriteUInt32LittleEndian(span[offset..], (uint)snapshot.Data.Length);
        offset += sizeof(uint);
        snapshot.Data.Span.CopyTo(span[offset..]);
        offset += snapshot.Data.Length;
        BinaryPrimitives.WriteUInt32LittleEndian(span[offset..], Crc32C.Compute(span[..offset]));
        return bytes;
    }

    public static RaftSnapshot Decode(string path, byte[] bytes)
    {
        var span = bytes.AsSpan();
        if (bytes.Length < FixedPrefixBytes + (3 * sizeof(uint)))
        {
            throw Corrupt(path, 0, $"the file is only {bytes.Length} bytes");
        }

        var crcOffset = bytes.Length - sizeof(uint);
        if (BinaryPrimitives.ReadUInt32LittleEndian(span[crcOffset..]) != Crc32C.Compute(span[..crcOffset]))
        {
            throw Corrupt(path, crcOffset, "the CRC-32C does not match the content");
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(span) != Magic || BinaryPrimitives.ReadUInt16LittleEndian(span[4..]) != Version)
        {
            throw Corrupt(path, 0, "unknown magic or format version");
        }

        var index = BinaryPrimitives.ReadUInt64LittleEndian(span[8..]);
        var term = BinaryPrimitives.ReadUInt64LittleEndian(span[16..]);
        var offset = FixedPrefixBytes;
        var voters = ReadNodes(path, span[..crcOffset], ref offset);
        var learners = ReadNodes(path, span[..crcOffset], ref offset);
        var dataLength = ReadCount(path, span[..crcOffset], ref offset, elementBytes: 1);
        if (offset + dataLength != crcOffset)
        {
            throw Corrupt(path, offset, "the data length does not match the file length");
        }

        ClusterConfiguration configuration;
        try
        {
            configuration = new ClusterConfiguration(voters, learners);
        }
        catch (ArgumentException exception)
        {
            throw new RaftStorageCorruptedException($"Snapshot file '{path}' holds an invalid configuration: {exception.Message}", exception);
        }

        return new RaftSnapshot(index, term, configuration, bytes.AsMemory(offset, dataLength));
    }

    private static int WriteNodes(Span<byte> span, int offset, IReadOnlyList<ulong> nodes)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(span[offset..], (uint)nodes.Count);
        offset += sizeof(uint);
        foreach (var node in nodes)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(span[offset..], node);
            offset += sizeof(ulong);
        }

        return offset;
    }

    private static ulong[] ReadNodes(string path, ReadOnlySpan<byte> span, ref int offset)
    {
        var count = ReadCount(path, span, ref offset, elementBytes: sizeof(ulong));
        var nodes = new ulong[count];
        for (var i = 0; i < count; i++)
        {
            nodes[i] = BinaryPrimitives.ReadUInt64LittleEndian(span[offset..]);
            offset += sizeof(ulong);
        }

        return nodes;
    }

    /// <summary>Reads a u32 count and checks that that many elements fit in the rest of the content.</summary>
    private static int ReadCount(string path, ReadOnlySpan<byte> span, ref int offset, int elementBytes)
    {
        if (span.Length - offset < sizeof(uint))
        {
            throw Corrupt(path, offset, "the content ends inside a length field");
        }

        var count = BinaryPrimitives.ReadUInt32LittleEndian(span[offset..]);
        if (count > (ulong)(span.Length - offset - sizeof(uint)) / (ulong)elementBytes)
        {
            throw Corrupt(path, offset, $"a count of {count} does not fit in the file");
        }

        offset += sizeof(uint);
        return (int)count;
    }

    private static RaftStorageCorruptedException Corrupt(string path, long offset, string reason) =>
        new($"Snapshot file '{path}' is corrupt at byte offset {offset}: {reason}.");
}
