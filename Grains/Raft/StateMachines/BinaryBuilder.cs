using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace OrleansSync.Grains.Raft.StateMachines;

/// <summary>Appends little-endian fields to a growable buffer (the writing half of <see cref="BinaryCursor"/>).</summary>
internal sealed class BinaryBuilder
{
    /// <summary>Throws on lone surrogates instead of silently writing U+FFFD (which would not round-trip).</summary>
    public static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ArrayBufferWriter<byte> _buffer;

    public BinaryBuilder(int initialCapacity = 64)
    {
        _buffer = new ArrayBufferWriter<byte>(Math.Max(initialCapacity, 16));
    }

    public BinaryBuilder Byte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
        return this;
    }

    public BinaryBuilder UInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.GetSpan(2), value);
        _buffer.Advance(2);
        return this;
    }

    public BinaryBuilder UInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
        return this;
    }

    public BinaryBuilder UInt64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
        return this;
    }

    public BinaryBuilder Int64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
        return this;
    }

    public BinaryBuilder Bytes32(ReadOnlySpan<byte> value)
    {
        UInt32((uint)value.Length);
        _buffer.Write(value);
        return this;
    }

    /// <summary>A u16-length-prefixed UTF-8 string; the caller has checked it fits.</summary>
    public BinaryBuilder String16(string value)
    {
        var length = StrictUtf8.GetByteCount(value);
        UInt16(checked((ushort)length));
        _buffer.Advance(StrictUtf8.GetBytes(value, _buffer.GetSpan(length)));
        return this;
    }

    public BinaryBuilder String32(string value)
    {
        var length = StrictUtf8.GetByteCount(value);
        UInt32((uint)length);
        _buffer.Advance(StrictUtf8.GetBytes(value, _buffer.GetSpan(length)));
        return this;
    }

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();
}
