namespace OrleansSync.Grains.Raft.StateMachines;

/// <summary>
/// Binary form of a <see cref="SessionResult"/>, little-endian:
/// <c>[u8 status][u64 session id][u64 sequence][u32 payload length][payload]</c>.
/// </summary>
public static class SessionResultCodec
{
    /// <summary>Largest payload accepted on decode (inner results are bounded by their own codecs).</summary>
    public const int MaxPayloadBytes = 16 * 1024 * 1024;

    public static byte[] Encode(SessionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new BinaryBuilder(21 + result.Payload.Length)
            .Byte((byte)result.Status)
            .UInt64(result.SessionId)
            .UInt64(result.Sequence)
            .Bytes32(result.Payload.Span)
            .ToArray();
    }

    /// <exception cref="CommandFormatException">The bytes are not a valid session result.</exception>
    public static SessionResult Decode(ReadOnlySpan<byte> bytes)
    {
        var cursor = new BinaryCursor(bytes, "session result");
        var status = (SessionResultStatus)cursor.ReadByte("status");
        if (!Enum.IsDefined(status))
        {
            throw cursor.Fail("status", $"unknown status {(byte)status}");
        }

        var sessionId = cursor.ReadUInt64("session id");
        var sequence = cursor.ReadUInt64("sequence");
        var payload = cursor.ReadBytes32("payload", MaxPayloadBytes).ToArray();
        cursor.ExpectEnd();
        return new SessionResult(status, sessionId, sequence, payload);
    }
}
