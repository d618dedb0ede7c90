using System.Buffers.Binary;

namespace OrleansSync.Grains.Raft;

/// <summary>
/// Encodes a <see cref="ClusterConfiguration"/> as the data of a <see cref="LogEntryKind.Configuration"/>
/// entry: version byte 1, voter count (u32 LE), learner count (u32 LE), then the ids (u64 LE).
/// </summary>
public static class ClusterConfigurationCodec
{
    private const byte Version = 1;
    private const int HeaderBytes = 1 + 4 + 4;

    /// <summary>Most members a configuration may have; bounds decoding of untrusted bytes.</summary>
    public const int MaxMembers = 1024;

    public static byte[] Encode(ClusterConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var buffer = new byte[HeaderBytes + (8 * (configuration.Voters.Count + configuration.Learners.Count))];
        buffer[0] = Version;
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(1), (uint)configuration.Voters.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(5), (uint)configuration.Learners.Count);
        var offset = HeaderBytes;
        foreach (var id in configuration.Voters.Concat(configuration.Learners))
        {
            BinaryPrimitives.WriteUInt64LittleEndian(buffer.AsSpan(offset), id);
            offset += 8;
        }

        return buffer;
    }

    /// <exception cref="FormatException">The data is not an encoded configuration.</exception>
    public static ClusterConfiguration Decode(ReadOnlySpan<byte> data)
    {
        if (data.Length < HeaderBytes || data[0] != Version)
        {
            throw new FormatException("Not an encoded cluster configuration (bad length or version).");
        }

        var voters = BinaryPrimitives.ReadUInt32LittleEndian(data[1..]);
        var learners = BinaryPrimitives.ReadUInt32LittleEndian(data[5..]);
        if (voters + (ulong)learners > MaxMembers || data.Length != HeaderBytes + (8 * (int)(voters + learners)))
        {
            throw new FormatException($"Encoded cluster configuration has {voters} voters and {learners} learners but {data.Length} bytes.");
        }

        var ids = new ulong[voters + learners];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = BinaryPrimitives.ReadUInt64LittleEndian(data[(HeaderBytes + (8 * i))..]);
        }

        return new ClusterConfiguration(ids.Take((int)voters), ids.Skip((int)voters));
    }
}
