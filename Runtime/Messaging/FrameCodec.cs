using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;

namespace OrleansSync.Runtime.Messaging;

/// <summary>
/// Frame layout (all integers big-endian):
/// <code>
/// offset size field
///      0    4 payload length in bytes (0..MaxFrameBytes), header excluded
///      4    1 kind (FrameKind)
///      5    3 reserved, must be zero
///      8    8 correlation id (0 for one-way and handshake frames)
///     16    n payload
/// </code>
/// A header with an unknown kind, non-zero reserved bytes or a length over the limit is malformed:
/// the connection that carried it is closed.
/// </summary>
internal static class FrameCodec
{
    public const int HeaderBytes = 16;

    /// <summary>Writes a header plus payload into <paramref name="writer"/> (not flushed).</summary>
    public static void Write(PipeWriter writer, FrameKind kind, long correlationId, ReadOnlySpan<byte> payload)
    {
        var header = writer.GetSpan(HeaderBytes);
        BinaryPrimitives.WriteInt32BigEndian(header, payload.Length);
        header[4] = (byte)kind;
        header[5] = 0;
        header[6] = 0;
        header[7] = 0;
        BinaryPrimitives.WriteInt64BigEndian(header[8..], correlationId);
        writer.Advance(HeaderBytes);
        if (!payload.IsEmpty)
        {
            writer.Write(payload);
        }
    }

    /// <summary>
    /// Takes one complete frame off the front of <paramref name="buffer"/>. Returns false when more
    /// bytes are needed; throws <see cref="MalformedFrameException"/> as soon as the header is bad,
    /// before the payload is buffered.
    /// </summary>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, int maxPayloadBytes, out FrameHeader header, out byte[] payload)
    {
        header = default;
        payload = [];
        if (buffer.Length < HeaderBytes)
        {
            return false;
        }

        Span<byte> raw = stackalloc byte[HeaderBytes];
        buffer.Slice(0, HeaderBytes).CopyTo(raw);
        header = Decode(raw, maxPayloadBytes);
        if (buffer.Length < HeaderBytes + (long)header.PayloadLength)
        {
            return false;
        }

        payload = header.PayloadLength == 0 ? [] : buffer.Slice(HeaderBytes, header.PayloadLength).ToArray();
        buffer = buffer.Slice(HeaderBytes + (long)header.PayloadLength);
        return true;
    }

    /// <summary>Decodes and validates a 16-byte header.</summary>
    public static FrameHeader Decode(ReadOnlySpan<byte> raw, int maxPayloadBytes)
    {
        var length = BinaryPrimitives.ReadInt32BigEndian(raw);
        if (length < 0 || length > maxPayloadBytes)
        {
            throw new MalformedFrameException($"Frame payload of {(uint)length} bytes exceeds the limit of {maxPayloadBytes} bytes.");
        }

        var kind = (FrameKind)raw[4];
        if (!Enum.IsDefined(kind))
        {
            throw new MalformedFrameException($"Unknown frame kind 0x{raw[4]:x2}.");
        }

        if (raw[5] != 0 || raw[6] != 0 || raw[7] != 0)
        {
            throw new MalformedFrameException("Reserved header bytes are not zero.");
        }

        return new FrameHeader(kind, BinaryPrimitives.ReadInt64BigEndian(raw[8..]), length);
    }
}
