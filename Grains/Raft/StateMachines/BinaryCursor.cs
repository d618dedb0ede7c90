using System.Buffers.Binary;
using System.Text;

namespace OrleansSync.Grains.Raft.StateMachines;

/// <summary>
/// Reads little-endian fields from untrusted bytes, checking every length against what is left and
/// a caller's bound, and reports the first problem as a <see cref="CommandFormatException"/> naming
/// what was being read and at which offset.
/// </summary>
internal ref struct BinaryCursor
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _bytes;
    private readonly string _what;
    private int _offset;

    public BinaryCursor(ReadOnlySpan<byte> bytes, string what)
    {
        _bytes = bytes;
        _what = what;
        _offset = 0;
    }

    public readonly int Remaining => _bytes.Length - _offset;

    public byte ReadByte(string field) => Take(1, field)[0];

    public ushort ReadUInt16(string field) => BinaryPrimitives.ReadUInt16LittleEndian(Take(2, field));

    public uint ReadUInt32(string field) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, field));

    public ulong ReadUInt64(string field) => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, field));

    public long ReadInt64(string field) => BinaryPrimitives.ReadInt64LittleEndian(Take(8, field));

    /// <summary>Reads a u32 length then that many bytes; the length must not exceed <paramref name="maxBytes"/>.</summary>
    public ReadOnlySpan<byte> ReadBytes32(string field, int maxBytes)
    {
        var length = ReadUInt32(field);
        if (length > (uint)maxBytes)
        {
            throw Fail(field, $"length {length} exceeds the limit of {maxBytes}");
        }

        return Take((int)length, field);
    }

    /// <summary>Reads a u16-length-prefixed UTF-8 string of at most <paramref name="maxBytes"/> bytes.</summary>
    public string ReadString16(string field, int maxBytes)
    {
        var length = ReadUInt16(field);
        if (length > maxBytes)
        {
            throw Fail(field, $"length {length} exceeds the limit of {maxBytes}");
        }

        return Decode(Take(length, field), field);
    }

    /// <summary>Reads a u32-length-prefixed UTF-8 string of at most <paramref name="maxBytes"/> bytes.</summary>
    public string ReadString32(string field, int maxBytes) => Decode(ReadBytes32(field, maxBytes), field);

    /// <summary>Throws unless every byte was consumed.</summary>
    public readonly void ExpectEnd()
    {
        if (Remaining != 0)
        {
            throw new CommandFormatException($"Malformed {_what}: {Remaining} unexpected trailing bytes at offset {_offset}.");
        }
    }

    public readonly CommandFormatException Fail(string field, string problem) =>
        new($"Malformed {_what}: {field} at offset {_offset}: {problem}.");

    private ReadOnlySpan<byte> Take(int length, string field)
    {
        if (Remaining < length)
        {
            throw Fail(field, $"needs {length} bytes but only {Remaining} remain");
        }

        var slice = _bytes.Slice(_offset, length);
        _offset += length;
        return slice;
    }

    private readonly string Decode(ReadOnlySpan<byte> bytes, string field)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException exception)
        {
            throw new CommandFormatException($"Malformed {_what}: {field} is not valid UTF-8.", exception);
        }
    }
}
