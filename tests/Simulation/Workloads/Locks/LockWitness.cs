using System.Buffers.Binary;

namespace OrleansSync.Simulation.Workloads.Locks;

/// <summary>
/// The prefix the simulator's lock wrapper puts before every answer: the table's last applied
/// index and table time, so the model can replay each command at the time it applied.
/// </summary>
internal static class LockWitness
{
    public const int Length = sizeof(ulong) + sizeof(long);

    public static byte[] Prefix(ulong lastIndex, long timeMs, ReadOnlySpan<byte> answer)
    {
        var bytes = new byte[Length + answer.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, lastIndex);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(sizeof(ulong)), timeMs);
        answer.CopyTo(bytes.AsSpan(Length));
        return bytes;
    }

    public static (ulong LastIndex, long TimeMs, ReadOnlyMemory<byte> Answer) Split(ReadOnlyMemory<byte> bytes)
    {
        if (bytes.Length < Length)
        {
            throw new InvalidOperationException($"A lock answer of {bytes.Length} bytes lacks the {Length}-byte witness prefix.");
        }

        var span = bytes.Span;
        return (BinaryPrimitives.ReadUInt64LittleEndian(span), BinaryPrimitives.ReadInt64LittleEndian(span[sizeof(ulong)..]), bytes[Length..]);
    }
}
