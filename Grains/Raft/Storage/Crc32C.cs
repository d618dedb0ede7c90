using System.Buffers.Binary;
using System.Numerics;

namespace OrleansSync.Grains.Raft.Storage;

/// <summary>
/// CRC-32C (Castagnoli) as used by iSCSI/ext4, on top of the hardware step in
/// <see cref="BitOperations.Crc32C(uint, ulong)"/>. The standard initial value and final inversion
/// matter here: without them a run of zero bytes would checksum to zero and a zero-filled region
/// (what some file systems expose after a crash) would read as valid empty records.
/// </summary>
internal static class Crc32C
{
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = uint.MaxValue;
        while (data.Length >= sizeof(ulong))
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[sizeof(ulong)..];
        }

        foreach (var value in data)
        {
            crc = BitOperations.Crc32C(crc, value);
        }

        return ~crc;
    }
}
