using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using OrleansSync.Runtime.Transport;

namespace OrleansSync.Runtime.Messaging;

/// <summary>
/// Body of a Hello (connector) or of a Challenge (acceptor, followed by a 32-byte proof), big-endian:
/// <code>
/// u32 magic 0x4F53594E ("OSYN") | u16 protocol version | u16 n + n bytes UTF-8 cluster id
/// | u8 identity kind: 1 = silo: u16 n + n bytes UTF-8 endpoint ("host:port") + i64 generation
///                     2 = client: u16 n + n bytes UTF-8 client id
/// | 32 bytes nonce
/// </code>
/// </summary>
internal sealed record HandshakeMessage(ushort ProtocolVersion, string ClusterId, PeerIdentity Identity, byte[] Nonce)
{
    public const uint Magic = 0x4F53594E;
    public const int NonceBytes = 32;
    public const int MaxStringBytes = 256;
    private const byte SiloIdentity = 1;
    private const byte ClientIdentity = 2;

    public byte[] Encode()
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        WriteUInt32(buffer, Magic);
        WriteUInt16(buffer, ProtocolVersion);
        WriteString(buffer, ClusterId);
        if (Identity.Silo is { } silo)
        {
            buffer.Write([SiloIdentity]);
            WriteString(buffer, silo.Endpoint);
            var generation = buffer.GetSpan(8);
            BinaryPrimitives.WriteInt64BigEndian(generation, silo.Generation);
            buffer.Advance(8);
        }

        else
        {
            buffer.Write([ClientIdentity]);
            WriteString(buffer, Identity.ClientId!);
        }

        buffer.Write(Nonce);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Decodes a body; <paramref name="consumed"/> tells where trailing data (the proof) starts.</summary>
    public static HandshakeMessage Decode(ReadOnlySpan<byte> data, out int consumed)
    {
        var reader = new SpanReader(data);
        if (reader.UInt32() != Magic)
        {
            throw new HandshakeFailedException("the peer does not speak the OrleansSync protocol (bad magic)");
        }

        var version = reader.UInt16();
        var clusterId = reader.String();
        var identity = reader.Byte() switch
        {
            SiloIdentity => new PeerIdentity(ReadSilo(ref reader), null),
            ClientIdentity => new PeerIdentity(null, reader.String()),
            var other => throw new HandshakeFailedException($"unknown identity kind {other}"),
        };
        var nonce = reader.Bytes(NonceBytes).ToArray();
        consumed = reader.Position;
        return new HandshakeMessage(version, clusterId, identity, nonce);
    }

    private static SiloAddress ReadSilo(ref SpanReader reader)
    {
        var endpoint = reader.String();
        var generation = reader.Int64();
        if (endpoint.Length == 0 || generation < 0)
        {
            throw new HandshakeFailedException("empty silo endpoint or negative generation");
        }

        return new SiloAddress(endpoint, generation);
    }

    private static void WriteUInt32(ArrayBufferWriter<byte> buffer, uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(buffer.GetSpan(4), value);
        buffer.Advance(4);
    }

    private static void WriteUInt16(ArrayBufferWriter<byte> buffer, ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(buffer.GetSpan(2), value);
        buffer.Advance(2);
    }

    private static void WriteString(ArrayBufferWriter<byte> buffer, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        if (bytes.Length > MaxStringBytes)
        {
            throw new ArgumentException($"Handshake strings are limited to {MaxStringBytes} UTF-8 bytes.", nameof(value));
        }

        WriteUInt16(buffer, (ushort)bytes.Length);
        buffer.Write(bytes);
    }

    /// <summary>Bounds-checked big-endian reader; running off the end is a handshake failure.</summary>
    private ref struct SpanReader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;

        public int Position { get; private set; }

        public ReadOnlySpan<byte> Bytes(int count)
        {
            if (count < 0 || Position + count > _data.Length)
            {
                throw new HandshakeFailedException("truncated handshake message");
            }

            var slice = _data.Slice(Position, count);
            Position += count;
            return slice;
        }

        public byte Byte() => Bytes(1)[0];

        public ushort UInt16() => BinaryPrimitives.ReadUInt16BigEndian(Bytes(2));

        public uint UInt32() => BinaryPrimitives.ReadUInt32BigEndian(Bytes(4));

        public long Int64() => BinaryPrimitives.ReadInt64BigEndian(Bytes(8));

        public string String()
        {
            var length = UInt16();
            if (length > MaxStringBytes)
            {
                throw new HandshakeFailedException($"handshake string of {length} bytes exceeds {MaxStringBytes}");
            }

            try
            {
                return new UTF8Encoding(false, true).GetString(Bytes(length));
            }
            catch (DecoderFallbackException ex)
            {
                throw new HandshakeFailedException("handshake string is not valid UTF-8", ex);
            }
        }
    }
}
