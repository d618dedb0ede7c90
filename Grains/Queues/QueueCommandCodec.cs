using OrleansSync.Grains.Raft.StateMachines;

namespace OrleansSync.Grains.Queues;

/// <summary>
/// The binary form of <see cref="QueueCommand"/>s in the Raft log: a format version byte, a kind
/// byte, then the fields in declaration order. Integers are little-endian; strings are a 16-bit
/// byte length and strict UTF-8 (attribute values 32-bit); bodies a 32-bit length. Decoding rejects
/// unknown versions and kinds, truncation, trailing bytes, bad flags and every over-long field with a
/// <see cref="CommandFormatException"/>. Semantic limits (name syntax, batch size, delays) are the
/// table's, so they come back as typed <see cref="QueueErrorCode"/>s rather than format errors.
/// </summary>
public static class QueueCommandCodec
{
    /// <summary>Longest queue name, dedup id or attribute key on the wire, in UTF-8 bytes.</summary>
    public const int MaxStringBytes = 1_024;

    /// <summary>Longest attribute value on the wire, in UTF-8 bytes (a message's total is bounded by its queue).</summary>
    public const int MaxAttributeValueBytes = QueueOptions.MaxMessageBytesLimit;

    /// <summary>Most attributes one message may carry.</summary>
    public const int MaxAttributes = 64;

    /// <summary>Most messages the codec reads in one send (the table refuses more than <see cref="QueueTable.MaxBatchMessages"/> with a typed error).</summary>
    public const int MaxEncodedBatch = 1_000;

    private const byte FormatVersion = 1;

    public static byte[] Encode(QueueCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var builder = new BinaryBuilder(64).Byte(FormatVersion);
        switch (command)
        {
            case CreateQueueCommand create:
                WriteOptions(Name(builder.Byte((byte)QueueCommandKind.CreateQueue), create.Queue), create.Options);
                break;
            case DeleteQueueCommand delete:
                Name(builder.Byte((byte)QueueCommandKind.DeleteQueue), delete.Queue);
                break;
            case SendCommand send:
                WriteSend(builder, send);
                break;
            case ReceiveCommand receive:
                Name(builder.Byte((byte)QueueCommandKind.Receive), receive.Queue)
                    .UInt32(Unsigned(receive.Partition)).UInt32(Unsigned(receive.MaxMessages)).Int64(receive.VisibilityTimeoutMs).Int64(receive.WaitMs);
                break;
            case AckCommand ack:
                WriteReceipt(Name(builder.Byte((byte)QueueCommandKind.Ack), ack.Queue), ack.Receipt);
                break;
            case AckBatchCommand batch:
                WriteAckBatch(builder, batch);
                break;
            case NackCommand nack:
                WriteReceipt(Name(builder.Byte((byte)QueueCommandKind.Nack), nack.Queue), nack.Receipt).Int64(nack.DelayMs);
                break;
            case ExtendCommand extend:
                WriteReceipt(Name(builder.Byte((byte)QueueCommandKind.Extend), extend.Queue), extend.Receipt).Int64(extend.VisibilityTimeoutMs);
                break;
            case PurgeCommand purge:
                Name(builder.Byte((byte)QueueCommandKind.Purge), purge.Queue).UInt32(Unsigned(purge.Partition)).Byte(purge.DeadLetters ? (byte)1 : (byte)0);
                break;
            case RedriveCommand redrive:
                Name(builder.Byte((byte)QueueCommandKind.Redrive), redrive.Queue).UInt32(Unsigned(redrive.Partition)).UInt32(Unsigned(redrive.MaxMessages));
                break;
            case QueueExpireCommand:
                builder.Byte((byte)QueueCommandKind.Expire);
                break;
            default:
                throw new ArgumentException($"Unknown queue command {command.GetType().Name}.", nameof(command));
        }

        return builder.ToArray();
    }

    /// <exception cref="CommandFormatException">The bytes are not an encoded queue command.</exception>
    public static QueueCommand Decode(ReadOnlySpan<byte> bytes)
    {
        var cursor = new BinaryCursor(bytes, "queue command");
        var version = cursor.ReadByte("version");
        if (version != FormatVersion)
        {
            throw cursor.Fail("version", $"unknown version {version}");
        }

        var kind = (QueueCommandKind)cursor.ReadByte("kind");
        QueueCommand command = kind switch
        {
            QueueCommandKind.CreateQueue => new CreateQueueCommand(ReadName(ref cursor, "queue"), ReadOptions(ref cursor)),
            QueueCommandKind.DeleteQueue => new DeleteQueueCommand(ReadName(ref cursor, "queue")),
            QueueCommandKind.Send => ReadSend(ref cursor),
            QueueCommandKind.Receive => new ReceiveCommand(
                ReadName(ref cursor, "queue"), ReadInt(ref cursor, "partition"), ReadInt(ref cursor, "max messages"), cursor.ReadInt64("visibility"), cursor.ReadInt64("wait")),
            QueueCommandKind.Ack => new AckCommand(ReadName(ref cursor, "queue"), ReadReceipt(ref cursor)),
            QueueCommandKind.AckBatch => ReadAckBatch(ref cursor),
            QueueCommandKind.Nack => new NackCommand(ReadName(ref cursor, "queue"), ReadReceipt(ref cursor), cursor.ReadInt64("delay")),
            QueueCommandKind.Extend => new ExtendCommand(ReadName(ref cursor, "queue"), ReadReceipt(ref cursor), cursor.ReadInt64("visibility")),
            QueueCommandKind.Purge => new PurgeCommand(ReadName(ref cursor, "queue"), ReadInt(ref cursor, "partition"), ReadFlag(ref cursor, "dead letters")),
            QueueCommandKind.Redrive => new RedriveCommand(ReadName(ref cursor, "queue"), ReadInt(ref cursor, "partition"), ReadInt(ref cursor, "max messages")),
            QueueCommandKind.Expire => new QueueExpireCommand(),
            _ => throw cursor.Fail("kind", $"unknown queue command kind {(byte)kind}"),
        };
        cursor.ExpectEnd();
        return command;
    }

    private static void WriteSend(BinaryBuilder builder, SendCommand send)
    {
        if (send.Messages.Count > MaxEncodedBatch)
        {
            throw new ArgumentException($"A send carries at most {MaxEncodedBatch} messages on the wire.", nameof(send));
        }

        Name(builder.Byte((byte)QueueCommandKind.Send), send.Queue).UInt32(Unsigned(send.Partition)).UInt16((ushort)send.Messages.Count);
        foreach (var message in send.Messages)
        {
            if (message.Body.Length > QueueOptions.MaxMessageBytesLimit)
            {
                throw new ArgumentException($"A body is {message.Body.Length} bytes; the wire limit is {QueueOptions.MaxMessageBytesLimit}.", nameof(send));
            }

            WriteAttributes(builder.Bytes32(message.Body), message.Attributes).Int64(message.DelayMs);
            OptionalName(builder, message.DedupId);
        }
    }

    private static SendCommand ReadSend(ref BinaryCursor cursor)
    {
        var queue = ReadName(ref cursor, "queue");
        var partition = ReadInt(ref cursor, "partition");
        var count = cursor.ReadUInt16("message count");
        if (count > MaxEncodedBatch)
        {
            throw cursor.Fail("message count", $"{count} exceeds the limit of {MaxEncodedBatch}");
        }

        var messages = new OutgoingMessage[count];
        for (var i = 0; i < count; i++)
        {
            var body = cursor.ReadBytes32("body", QueueOptions.MaxMessageBytesLimit).ToArray();
            var attributes = ReadAttributes(ref cursor);
            var delayMs = cursor.ReadInt64("delay");
            messages[i] = new OutgoingMessage(body, attributes, delayMs, ReadOptionalName(ref cursor, "dedup id"));
        }

        return new SendCommand(queue, partition, messages);
    }

    private static void WriteAckBatch(BinaryBuilder builder, AckBatchCommand batch)
    {
        if (batch.Receipts.Count > MaxEncodedBatch)
        {
            throw new ArgumentException($"A batch ack carries at most {MaxEncodedBatch} receipts on the wire.", nameof(batch));
        }

        Name(builder.Byte((byte)QueueCommandKind.AckBatch), batch.Queue).UInt32(Unsigned(batch.Partition)).UInt16((ushort)batch.Receipts.Count);
        foreach (var receipt in batch.Receipts)
        {
            WriteReceipt(builder, receipt);
        }
    }

    private static AckBatchCommand ReadAckBatch(ref BinaryCursor cursor)
    {
        var queue = ReadName(ref cursor, "queue");
        var partition = ReadInt(ref cursor, "partition");
        var count = cursor.ReadUInt16("receipt count");
        if (count > MaxEncodedBatch)
        {
            throw cursor.Fail("receipt count", $"{count} exceeds the limit of {MaxEncodedBatch}");
        }

        var receipts = new QueueReceipt[count];
        for (var i = 0; i < count; i++)
        {
            receipts[i] = ReadReceipt(ref cursor);
        }

        return new AckBatchCommand(queue, partition, receipts);
    }

    internal static BinaryBuilder WriteOptions(BinaryBuilder builder, QueueOptions options)
    {
        builder.UInt32(Unsigned(options.Partitions)).Int64(options.VisibilityTimeoutMs).UInt32(Unsigned(options.MaxDeliveries));
        return OptionalName(builder, options.DeadLetterQueue).Int64(options.RetentionMs).UInt32(Unsigned(options.MaxMessageBytes)).Int64(options.DedupWindowMs);
    }

    internal static QueueOptions ReadOptions(ref BinaryCursor cursor) => new()
    {
        Partitions = ReadInt(ref cursor, "partitions"),
        VisibilityTimeoutMs = cursor.ReadInt64("visibility timeout"),
        MaxDeliveries = ReadInt(ref cursor, "max deliveries"),
        DeadLetterQueue = ReadOptionalName(ref cursor, "dead-letter queue"),
        RetentionMs = cursor.ReadInt64("retention"),
        MaxMessageBytes = ReadInt(ref cursor, "max message bytes"),
        DedupWindowMs = cursor.ReadInt64("dedup window"),
    };

    internal static BinaryBuilder WriteReceipt(BinaryBuilder builder, QueueReceipt receipt) =>
        builder.UInt32(Unsigned(receipt.Partition)).UInt64(receipt.MessageId).UInt32(receipt.Delivery).UInt64(receipt.ReceiveIndex);

    internal static QueueReceipt ReadReceipt(ref BinaryCursor cursor) =>
        new(ReadInt(ref cursor, "receipt partition"), cursor.ReadUInt64("receipt message"), cursor.ReadUInt32("receipt delivery"), cursor.ReadUInt64("receipt index"));

    internal static BinaryBuilder WriteAttributes(BinaryBuilder builder, IReadOnlyList<KeyValuePair<string, string>> attributes)
    {
        if (attributes.Count > MaxAttributes)
        {
            throw new ArgumentException($"A message carries at most {MaxAttributes} attributes.", nameof(attributes));
        }

        builder.UInt16((ushort)attributes.Count);
        foreach (var (key, value) in attributes)
        {
            Check(value, MaxAttributeValueBytes);
            Name(builder, key).String32(value);
        }

        return builder;
    }

    internal static KeyValuePair<string, string>[] ReadAttributes(ref BinaryCursor cursor)
    {
        var count = cursor.ReadUInt16("attribute count");
        if (count > MaxAttributes)
        {
            throw cursor.Fail("attribute count", $"{count} exceeds the limit of {MaxAttributes}");
        }

        var attributes = new KeyValuePair<string, string>[count];
        for (var i = 0; i < count; i++)
        {
            attributes[i] = new(ReadName(ref cursor, "attribute key"), cursor.ReadString32("attribute value", MaxAttributeValueBytes));
        }

        return attributes;
    }

    internal static BinaryBuilder Name(BinaryBuilder builder, string value)
    {
        Check(value, MaxStringBytes);
        return builder.String16(value);
    }

    internal static BinaryBuilder OptionalName(BinaryBuilder builder, string? value) =>
        value is null ? builder.Byte(0) : Name(builder.Byte(1), value);

    internal static string ReadName(ref BinaryCursor cursor, string field) => cursor.ReadString16(field, MaxStringBytes);

    internal static string? ReadOptionalName(ref BinaryCursor cursor, string field) => ReadFlag(ref cursor, field) ? ReadName(ref cursor, field) : null;

    internal static bool ReadFlag(ref BinaryCursor cursor, string field) => cursor.ReadByte(field) switch
    {
        0 => false,
        1 => true,
        var other => throw cursor.Fail(field, $"flag {other} is neither 0 nor 1"),
    };

    /// <summary>Reads a u32 that must fit an int (partition numbers, counts): larger values are malformed, not negative.</summary>
    internal static int ReadInt(ref BinaryCursor cursor, string field)
    {
        var value = cursor.ReadUInt32(field);
        return value <= int.MaxValue ? (int)value : throw cursor.Fail(field, $"{value} exceeds {int.MaxValue}");
    }

    /// <summary>Ints go on the wire as u32: a negative one is a caller's bug, not something to wrap around.</summary>
    private static uint Unsigned(int value) =>
        value >= 0 ? (uint)value : throw new ArgumentOutOfRangeException(nameof(value), value, "A queue command integer cannot be negative.");

    private static void Check(string value, int maxBytes)
    {
        int length;
        try
        {
            length = BinaryBuilder.StrictUtf8.GetByteCount(value);
        }
        catch (System.Text.EncoderFallbackException exception)
        {
            throw new ArgumentException("A queue command string is not valid UTF-16 (lone surrogate).", nameof(value), exception);
        }

        if (length > maxBytes)
        {
            throw new ArgumentException($"A queue command string is {length} bytes; the limit is {maxBytes}.", nameof(value));
        }
    }
}
