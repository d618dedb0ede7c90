namespace OrleansSync.Grains.Raft.StateMachines;

/// <summary>
/// Binary forms for the <see cref="KeyValueStateMachine"/>, little-endian, strings UTF-8.
/// Command: <c>[u8 kind][u16 key length][key][u8 flags: 1 = value, 2 = expected][u32 length][value]?[u32 length][expected]?</c>.
/// Result: <c>[u8 status][u8 has value][u32 length][value]?</c>.
/// </summary>
public static class KeyValueCodec
{
    public const int MaxKeyBytes = 1024;
    public const int MaxValueBytes = 1024 * 1024;

    private const byte HasValueFlag = 1;
    private const byte HasExpectedFlag = 2;

    public static byte[] EncodeCommand(KeyValueCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        ValidateCommand(command, message => new ArgumentException(message, nameof(command)));
        var flags = (byte)((command.Value is null ? 0 : HasValueFlag) | (command.Expected is null ? 0 : HasExpectedFlag));
        var builder = new BinaryBuilder().Byte((byte)command.Kind).String16(command.Key).Byte(flags);
        if (command.Value is not null)
        {
            builder.String32(command.Value);
        }

        if (command.Expected is not null)
        {
            builder.String32(command.Expected);
        }

        return builder.ToArray();
    }

    /// <exception cref="CommandFormatException">The bytes are not a valid command.</exception>
    public static KeyValueCommand DecodeCommand(ReadOnlySpan<byte> bytes)
    {
        var cursor = new BinaryCursor(bytes, "key-value command");
        var kind = (KeyValueCommandKind)cursor.ReadByte("kind");
        var key = cursor.ReadString16("key", MaxKeyBytes);
        var flags = cursor.ReadByte("flags");
        if ((flags & ~(HasValueFlag | HasExpectedFlag)) != 0)
        {
            throw cursor.Fail("flags", $"unknown flags {flags}");
        }

        var value = (flags & HasValueFlag) != 0 ? cursor.ReadString32("value", MaxValueBytes) : null;
        var expected = (flags & HasExpectedFlag) != 0 ? cursor.ReadString32("expected value", MaxValueBytes) : null;
        cursor.ExpectEnd();
        var command = new KeyValueCommand(kind, key, value, expected);
        ValidateCommand(command, message => new CommandFormatException($"Malformed key-value command: {message}"));
        return command;
    }

    public static byte[] EncodeResult(KeyValueResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var builder = new BinaryBuilder().Byte((byte)result.Status).Byte(result.Value is null ? (byte)0 : (byte)1);
        if (result.Value is not null)
        {
            builder.String32(result.Value);
        }

        return builder.ToArray();
    }

    /// <exception cref="CommandFormatException">The bytes are not a valid result.</exception>
    public static KeyValueResult DecodeResult(ReadOnlySpan<byte> bytes)
    {
        var cursor = new BinaryCursor(bytes, "key-value result");
        var status = (KeyValueResultStatus)cursor.ReadByte("status");
        if (!Enum.IsDefined(status))
        {
            throw cursor.Fail("status", $"unknown status {(byte)status}");
        }

        var hasValue = cursor.ReadByte("has value");
        if (hasValue > 1)
        {
            throw cursor.Fail("has value", $"must be 0 or 1, was {hasValue}");
        }

        var value = hasValue == 1 ? cursor.ReadString32("value", MaxValueBytes) : null;
        cursor.ExpectEnd();
        return new KeyValueResult(status, value);
    }

    private static void ValidateCommand(KeyValueCommand command, Func<string, Exception> error)
    {
        if (!Enum.IsDefined(command.Kind))
        {
            throw error($"unknown kind {(byte)command.Kind}");
        }

        if (string.IsNullOrEmpty(command.Key) || Utf8Length(command.Key, error) > MaxKeyBytes)
        {
            throw error($"the key must be 1 to {MaxKeyBytes} UTF-8 bytes");
        }

        var needsValue = command.Kind is KeyValueCommandKind.Put or KeyValueCommandKind.CompareAndSwap or KeyValueCommandKind.Append;
        if ((command.Value is not null) != needsValue)
        {
            throw error(needsValue ? $"{command.Kind} needs a value" : $"{command.Kind} takes no value");
        }

        if (command.Expected is not null && command.Kind != KeyValueCommandKind.CompareAndSwap)
        {
            throw error($"{command.Kind} takes no expected value");
        }

        if ((command.Value is not null && Utf8Length(command.Value, error) > MaxValueBytes)
            || (command.Expected is not null && Utf8Length(command.Expected, error) > MaxValueBytes))
        {
            throw error($"values are limited to {MaxValueBytes} UTF-8 bytes");
        }
    }

    private static int Utf8Length(string text, Func<string, Exception> error)
    {
        try
        {
            return BinaryBuilder.StrictUtf8.GetByteCount(text);
        }
        catch (System.Text.EncoderFallbackException)
        {
            throw error("a string is not valid Unicode (lone surrogate)");
        }
    }
}
