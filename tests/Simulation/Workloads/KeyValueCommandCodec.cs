using System.Text;
using OrleansSync.TestSupport.Linearizability.Models;

namespace OrleansSync.Simulation.Workloads;

/// <summary>Binary form of a session-wrapped key-value command: session, sequence, kind, key, value, expected.</summary>
internal static class KeyValueCommandCodec
{
    public static byte[] Encode(ulong sessionId, ulong sequence, KeyValueInput input)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(sessionId);
            writer.Write(sequence);
            writer.Write((byte)input.Kind);
            writer.Write(input.Key);
            WriteOptional(writer, input.Value);
            WriteOptional(writer, input.Expected);
        }

        return stream.ToArray();
    }

    public static (ulong SessionId, ulong Sequence, KeyValueInput Input) Decode(ReadOnlyMemory<byte> command)
    {
        using var reader = new BinaryReader(new MemoryStream(command.ToArray()), Encoding.UTF8);
        var sessionId = reader.ReadUInt64();
        var sequence = reader.ReadUInt64();
        var kind = (KeyValueOperationKind)reader.ReadByte();
        var key = reader.ReadString();
        var value = ReadOptional(reader);
        var expected = ReadOptional(reader);
        return (sessionId, sequence, new KeyValueInput(kind, key, value, expected));
    }

    private static void WriteOptional(BinaryWriter writer, string? text)
    {
        writer.Write(text is not null);
        if (text is not null)
        {
            writer.Write(text);
        }
    }

    private static string? ReadOptional(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;
}
