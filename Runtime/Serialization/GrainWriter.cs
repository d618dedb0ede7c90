using System.Buffers.Binary;
using System.Text;

namespace OrleansSync.Runtime.Serialization;

/// <summary>
/// A growable output buffer with the primitive encodings of the wire format: LEB128 varints,
/// zig-zag signed integers, little-endian fixed-width numbers and 4-byte length slots that are
/// patched once a nested value has been written.
/// </summary>
public sealed class GrainWriter
{
    private const int InitialCapacity = 128;

    private byte[] _buffer;
    private int _length;

    public GrainWriter()
    {
        _buffer = new byte[InitialCapacity];
    }

    /// <summary>Number of bytes written so far.</summary>
    public int Length => _length;

    /// <summary>The bytes written so far (valid until the next write).</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _length);

    public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

    public void WriteByte(byte value)
    {
        Ensure(1);
        _buffer[_length++] = value;
    }

    public void WriteVarUInt64(ulong value)
    {
        Ensure(10);
        while (value >= 0x80)
        {
            _buffer[_length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        _buffer[_length++] = (byte)value;
    }

    public void WriteVarUInt32(uint value) => WriteVarUInt64(value);

    public void WriteVarInt64(long value) => WriteVarUInt64((ulong)((value << 1) ^ (value >> 63)));

    public void WriteFixed32(uint value)
    {
        Ensure(4);
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(_length), value);
        _length += 4;
    }

    public void WriteFixed64(ulong value)
    {
        Ensure(8);
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.AsSpan(_length), value);
        _length += 8;
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    /// <summary>Writes a length-prefixed byte string; null is encoded as length 0 (lengths are +1).</summary>
    public void WriteNullableBytes(ReadOnlySpan<byte> bytes, bool isNull)
    {
        if (isNull)
        {
            WriteVarUInt32(0);
            return;
        }

        WriteVarUInt32((uint)bytes.Length + 1);
        WriteBytes(bytes);
    }

    public void WriteString(string? value)
    {
        if (value is null)
        {
            WriteVarUInt32(0);
            return;
        }

        var byteCount = Encoding.UTF8.GetByteCount(value);
        WriteVarUInt32((uint)byteCount + 1);
        Ensure(byteCount);
        _length += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length));
    }

    /// <summary>Reserves a 4-byte length slot and returns its position for <see cref="PatchLength"/>.</summary>
    public int ReserveLength()
    {
        Ensure(4);
        var position = _length;
        _length += 4;
        return position;
    }

    /// <summary>Writes the number of bytes written since the slot into the slot.</summary>
    public void PatchLength(int slotPosition)
    {
        var length = _length - slotPosition - 4;
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(slotPosition), length);
    }

    /// <summary>Writes a field header: the field id (+1, so 0 can end an object) and a length slot.</summary>
    public int BeginField(uint fieldId)
    {
        WriteVarUInt64((ulong)fieldId + 1);
        return ReserveLength();
    }

    public void EndField(int slotPosition) => PatchLength(slotPosition);

    public void WriteEndOfObject() => WriteVarUInt32(0);

    private void Ensure(int count)
    {
        if (_buffer.Length - _length >= count)
        {
            return;
        }

        var newSize = Math.Max(_buffer.Length * 2, _length + count);
        Array.Resize(ref _buffer, newSize);
    }
}
