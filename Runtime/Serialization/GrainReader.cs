using System.Buffers.Binary;
using System.Text;

namespace OrleansSync.Runtime.Serialization;

/// <summary>
/// Reads the wire format written by <see cref="GrainWriter"/>. Every length is checked against
/// the bytes that remain and nesting is bounded, so malformed input raises
/// <see cref="GrainSerializationException"/> and never allocates more than the input size.
/// </summary>
public sealed class GrainReader
{
    /// <summary>Maximum nesting of objects and collections.</summary>
    public const int MaxDepth = 64;

    private readonly ReadOnlyMemory<byte> _input;
    private int _position;
    private int _depth;

    public GrainReader(ReadOnlyMemory<byte> input)
    {
        _input = input;
    }

    public int Position => _position;

    public int Remaining => _input.Length - _position;

    public byte ReadByte()
    {
        Require(1);
        return _input.Span[_position++];
    }

    public ulong ReadVarUInt64()
    {
        ulong result = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            var b = ReadByte();
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw new GrainSerializationException("Malformed varint: more than 10 bytes.");
    }

    public uint ReadVarUInt32()
    {
        var value = ReadVarUInt64();
        if (value > uint.MaxValue)
        {
            throw new GrainSerializationException($"Varint {value} does not fit in 32 bits.");
        }

        return (uint)value;
    }

    public long ReadVarInt64()
    {
        var raw = ReadVarUInt64();
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    public uint ReadFixed32()
    {
        Require(4);
        var value = BinaryPrimitives.ReadUInt32LittleEndian(_input.Span.Slice(_position, 4));
        _position += 4;
        return value;
    }

    public ulong ReadFixed64()
    {
        Require(8);
        var value = BinaryPrimitives.ReadUInt64LittleEndian(_input.Span.Slice(_position, 8));
        _position += 8;
        return value;
    }

    public ReadOnlySpan<byte> ReadSpan(int count)
    {
        Require(count);
        var span = _input.Span.Slice(_position, count);
        _position += count;
        return span;
    }

    public byte[]? ReadNullableBytes()
    {
        var lengthPlusOne = ReadVarUInt32();
        if (lengthPlusOne == 0)
        {
            return null;
        }

        return ReadSpan(CheckedCount(lengthPlusOne - 1)).ToArray();
    }

    public string? ReadString()
    {
        var lengthPlusOne = ReadVarUInt32();
        if (lengthPlusOne == 0)
        {
            return null;
        }

        var span = ReadSpan(CheckedCount(lengthPlusOne - 1));
        try
        {
            return new UTF8Encoding(false, true).GetString(span);
        }
        catch (DecoderFallbackException ex)
        {
            throw new GrainSerializationException("Malformed UTF-8 string.", ex);
        }
    }

    /// <summary>
    /// Checks an element or byte count read from the input: each element takes at least one byte,
    /// so a count larger than what remains is malformed (and would otherwise over-allocate).
    /// </summary>
    public int CheckedCount(uint count)
    {
        if (count > (uint)Remaining)
        {
            throw new GrainSerializationException($"Count {count} exceeds the {Remaining} bytes that remain.");
        }

        return (int)count;
    }

    /// <summary>Reads a field header; false at the end-of-object marker.</summary>
    public bool ReadFieldHeader(out uint fieldId, out int fieldEnd)
    {
        var idPlusOne = ReadVarUInt64();
        if (idPlusOne == 0)
        {
            fieldId = 0;
            fieldEnd = _position;
            return false;
        }

        if (idPlusOne - 1 > uint.MaxValue)
        {
            throw new GrainSerializationException($"Field id {idPlusOne - 1} out of range.");
        }

        fieldId = (uint)(idPlusOne - 1);
        var length = (int)ReadFixed32();
        if (length < 0 || length > Remaining)
        {
            throw new GrainSerializationException($"Field {fieldId} length {length} exceeds the {Remaining} bytes that remain.");
        }

        fieldEnd = _position + length;
        return true;
    }

    /// <summary>Checks that a field's value consumed exactly its declared length.</summary>
    public void EndField(uint fieldId, int fieldEnd)
    {
        if (_position != fieldEnd)
        {
            throw new GrainSerializationException($"Field {fieldId} ended at {_position}, its header said {fieldEnd}.");
        }
    }

    /// <summary>Skips a field this version does not know (forward compatibility).</summary>
    public void SkipTo(int fieldEnd)
    {
        if (fieldEnd < _position || fieldEnd > _input.Length)
        {
            throw new GrainSerializationException($"Cannot skip to {fieldEnd} from {_position}.");
        }

        _position = fieldEnd;
    }

    public void EnterNested()
    {
        if (++_depth > MaxDepth)
        {
            throw new GrainSerializationException($"Nesting deeper than {MaxDepth}.");
        }
    }

    public void ExitNested() => _depth--;

    /// <summary>Throws if bytes remain after a complete top-level value.</summary>
    public void EnsureFullyConsumed()
    {
        if (Remaining != 0)
        {
            throw new GrainSerializationException($"{Remaining} trailing bytes after the value.");
        }
    }

    private void Require(int count)
    {
        if (count < 0 || count > Remaining)
        {
            throw new GrainSerializationException($"Unexpected end of input: needed {count} bytes at {_position}, {Remaining} remain.");
        }
    }
}
