namespace OrleansSync.Grains.Raft.StateMachines;

/// <summary>
/// Binary form of a <see cref="SessionCommand"/>, little-endian:
/// <c>[u8 version=1][u8 kind][u64 session id][u64 sequence][i64 timestamp ms][u32 payload length][payload]</c>.
/// </summary>
public static class SessionCommandCodec
{
    public const byte Version = 1;

    /// <summary>Bytes before the payload.</summary>
    public const int HeaderBytes = 30;

    /// <summary>Largest inner payload accepted (a bound on one command, below the log's entry limit).</summary>
    public const int MaxPayloadBytes = 4 * 1024 * 1024;

    public static byte[] Encode(SessionCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        Validate(command, message => new ArgumentException(message, nameof(command)));
        return new BinaryBuilder(HeaderBytes + command.Payload.Length)
            .Byte(Version)
            .Byte((byte)command.Kind)
            .UInt64(command.SessionId)
            .UInt64(command.Sequence)
            .Int64(command.TimestampMs)
            .Bytes32(command.Payload.Span)
            .ToArray();
    }

    /// <exception cref="CommandFormatException">The bytes are not a valid session command.</exception>
    public static SessionCommand Decode(ReadOnlySpan<byte> bytes)
    {
        var cursor = new BinaryCursor(bytes, "session command");
        var version = cursor.ReadByte("version");
        if (version != Version)
        {
            throw cursor.Fail("version", $"unknown version {version}");
        }

        var kind = (SessionCommandKind)cursor.ReadByte("kind");
        var sessionId = cursor.ReadUInt64("session id");
        var sequence = cursor.ReadUInt64("sequence");
        var timestampMs = cursor.ReadInt64("timestamp");
        var payload = cursor.ReadBytes32("payload", MaxPayloadBytes).ToArray();
        cursor.ExpectEnd();
        var command = new SessionCommand(kind, sessionId, sequence, timestampMs, payload);
        Validate(command, message => new CommandFormatException($"Malformed session command: {message}"));
        return command;
    }

    private static void Validate(SessionCommand command, Func<string, Exception> error)
    {
        if (!Enum.IsDefined(command.Kind))
        {
            throw error($"unknown kind {(byte)command.Kind}");
        }

        if (command.TimestampMs < 0)
        {
            throw error($"negative timestamp {command.TimestampMs}");
        }

        if (command.Payload.Length > MaxPayloadBytes)
        {
            throw error($"payload of {command.Payload.Length} bytes exceeds {MaxPayloadBytes}");
        }

        var isRegister = command.Kind == SessionCommandKind.Register;
        var isCommand = command.Kind == SessionCommandKind.Command;
        var isSessionless = isRegister || command.Kind == SessionCommandKind.Expire;
        if ((command.SessionId == 0) != isSessionless)
        {
            throw error(isSessionless ? $"a {command.Kind} command carries no session id" : "session id 0 is reserved for register and expire");
        }

        if ((command.Sequence == 0) == isCommand)
        {
            throw error(isCommand ? "command sequence numbers start at 1" : $"a {command.Kind} carries no sequence number");
        }

        if (!isCommand && !command.Payload.IsEmpty)
        {
            throw error($"a {command.Kind} carries no payload");
        }
    }
}
