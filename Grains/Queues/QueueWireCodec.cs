using OrleansSync.Grains.Raft.StateMachines;

namespace OrleansSync.Grains.Queues;

/// <summary>
/// Binary forms of what <see cref="QueueStateMachine"/> answers: command results, queries
/// (<see cref="QueueQueryKind"/>), stats, options and long-poll notifications. Same conventions as
/// <see cref="QueueCommandCodec"/>; decoders are strict.
/// </summary>
public static class QueueWireCodec
{
    private const int MaxDetailBytes = 4_096;

    /// <summary>Bound on the queues one listing may name: far above a group's table bound (<see cref="QueueTableOptions.DefaultMaxQueues"/>), so only garbage hits it.</summary>
    private const int MaxListedQueues = 65_536;

    public static byte[] EncodeResult(QueueResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var builder = new BinaryBuilder(32).Byte((byte)result.Status).Byte((byte)result.Error);
        var detail = result.Detail is { Length: > 1_000 } text ? text[..1_000] : result.Detail;
        builder.Byte(detail is null ? (byte)0 : (byte)1);
        if (detail is not null)
        {
            builder.String32(detail);
        }

        builder.UInt64(result.WaitId).Int64(result.Count).Int64(result.VisibleUntilMs).UInt16((ushort)result.Sent.Count);
        foreach (var sent in result.Sent)
        {
            builder.UInt64(sent.MessageId).UInt32((uint)sent.Partition).Byte(sent.Duplicate ? (byte)1 : (byte)0);
        }

        builder.UInt16((ushort)result.Messages.Count);
        foreach (var message in result.Messages)
        {
            builder.UInt64(message.MessageId).UInt32((uint)message.Partition).Bytes32(message.Body);
            QueueCommandCodec.WriteAttributes(builder, message.Attributes).UInt32(message.DeliveryCount);
            QueueCommandCodec.WriteReceipt(builder, message.Receipt).Int64(message.SentAtMs).Int64(message.VisibleUntilMs);
        }

        // Only batch acks have outcomes; written as an optional tail, every other result keeps its bytes.
        if (result.Outcomes.Count > 0)
        {
            builder.UInt16((ushort)result.Outcomes.Count);
            foreach (var outcome in result.Outcomes)
            {
                builder.Byte((byte)outcome);
            }
        }

        return builder.ToArray();
    }

    /// <exception cref="CommandFormatException">The bytes are not an encoded result.</exception>
    public static QueueResult DecodeResult(ReadOnlySpan<byte> bytes)
    {
        var cursor = new BinaryCursor(bytes, "queue result");
        var status = (QueueResultStatus)cursor.ReadByte("status");
        if (status is not (QueueResultStatus.Ok or QueueResultStatus.Waiting or QueueResultStatus.Failed))
        {
            throw cursor.Fail("status", $"unknown status {(byte)status}");
        }

        var error = (QueueErrorCode)cursor.ReadByte("error");
        var detail = QueueCommandCodec.ReadFlag(ref cursor, "detail") ? cursor.ReadString32("detail", MaxDetailBytes) : null;
        var waitId = cursor.ReadUInt64("wait id");
        var count = cursor.ReadInt64("count");
        var visibleUntilMs = cursor.ReadInt64("visible until");
        var sent = new SentMessage[Bounded(cursor.ReadUInt16("sent count"), QueueCommandCodec.MaxEncodedBatch, ref cursor)];
        for (var i = 0; i < sent.Length; i++)
        {
            sent[i] = new SentMessage(cursor.ReadUInt64("message id"), QueueCommandCodec.ReadInt(ref cursor, "partition"), QueueCommandCodec.ReadFlag(ref cursor, "duplicate"));
        }

        var messages = new DeliveredMessage[Bounded(cursor.ReadUInt16("message count"), QueueTable.MaxReceiveMessages, ref cursor)];
        for (var i = 0; i < messages.Length; i++)
        {
            messages[i] = new DeliveredMessage(
                cursor.ReadUInt64("message id"),
                QueueCommandCodec.ReadInt(ref cursor, "partition"),
                cursor.ReadBytes32("body", QueueOptions.MaxMessageBytesLimit).ToArray(),
                QueueCommandCodec.ReadAttributes(ref cursor),
                cursor.ReadUInt32("delivery count"),
                QueueCommandCodec.ReadReceipt(ref cursor),
                cursor.ReadInt64("sent at"),
                cursor.ReadInt64("visible until"));
        }

        var outcomes = cursor.Remaining > 0 ? ReadOutcomes(ref cursor) : [];
        cursor.ExpectEnd();
        return new QueueResult
        {
            Status = status,
            Error = error,
            Detail = detail,
            WaitId = waitId,
            Count = count,
            VisibleUntilMs = visibleUntilMs,
            Sent = sent,
            Messages = messages,
            Outcomes = outcomes,
        };
    }

    private static QueueErrorCode[] ReadOutcomes(ref BinaryCursor cursor)
    {
        var outcomes = new QueueErrorCode[Bounded(cursor.ReadUInt16("outcome count"), QueueCommandCodec.MaxEncodedBatch, ref cursor)];
        for (var i = 0; i < outcomes.Length; i++)
        {
            var code = cursor.ReadByte("outcome");
            outcomes[i] = Enum.IsDefined((QueueErrorCode)code) ? (QueueErrorCode)code : throw cursor.Fail("outcome", $"unknown error code {code}");
        }

        return outcomes;
    }

    public static byte[] EncodeStatsQuery(string queue, int partition) =>
        QueueCommandCodec.Name(new BinaryBuilder(32).Byte((byte)QueueQueryKind.Stats), queue).UInt32((uint)Math.Max(0, partition)).ToArray();

    public static byte[] EncodeOptionsQuery(string queue) =>
        QueueCommandCodec.Name(new BinaryBuilder(32).Byte((byte)QueueQueryKind.Options), queue).ToArray();

    public static byte[] EncodeListingQuery() => [(byte)QueueQueryKind.Listing];

    /// <summary>Stats as 10 little-endian i64s, or a single 0 byte for "no such queue or partition".</summary>
    public static byte[] EncodeStats(QueueStats? stats) =>
        stats is null ? [0] : WriteStats(new BinaryBuilder(81).Byte(1), stats).ToArray();

    public static QueueStats? DecodeStats(ReadOnlySpan<byte> bytes)
    {
        var cursor = new BinaryCursor(bytes, "queue stats");
        if (!QueueCommandCodec.ReadFlag(ref cursor, "present"))
        {
            cursor.ExpectEnd();
            return null;
        }

        var stats = ReadStats(ref cursor);
        cursor.ExpectEnd();
        return stats;
    }

    /// <summary>The table time, then per queue its name, partition count and used partitions (number and stats).</summary>
    public static byte[] EncodeListing(QueueGroupListing listing)
    {
        ArgumentNullException.ThrowIfNull(listing);
        var builder = new BinaryBuilder(64).Int64(listing.NowMs).UInt32((uint)listing.Queues.Count);
        foreach (var queue in listing.Queues)
        {
            QueueCommandCodec.Name(builder, queue.Name).UInt32((uint)queue.Partitions).UInt32((uint)queue.UsedPartitions.Count);
            foreach (var used in queue.UsedPartitions)
            {
                WriteStats(builder.UInt32((uint)used.Partition), used.Stats);
            }
        }

        return builder.ToArray();
    }

    /// <exception cref="CommandFormatException">The bytes are not an encoded listing, or exceed its bounds.</exception>
    public static QueueGroupListing DecodeListing(ReadOnlySpan<byte> bytes)
    {
        var cursor = new BinaryCursor(bytes, "queue listing");
        var nowMs = cursor.ReadInt64("now");
        var queues = new QueueListingEntry[BoundedCount(cursor.ReadUInt32("queue count"), MaxListedQueues, ref cursor)];
        for (var i = 0; i < queues.Length; i++)
        {
            var name = QueueCommandCodec.ReadName(ref cursor, "queue");
            var partitions = BoundedCount(cursor.ReadUInt32("partitions"), QueueOptions.MaxPartitions, ref cursor);
            var used = new QueuePartitionStats[BoundedCount(cursor.ReadUInt32("used partitions"), partitions, ref cursor)];
            for (var j = 0; j < used.Length; j++)
            {
                used[j] = new QueuePartitionStats(QueueCommandCodec.ReadInt(ref cursor, "partition"), ReadStats(ref cursor));
            }

            queues[i] = new QueueListingEntry(name, partitions, used);
        }

        cursor.ExpectEnd();
        return new QueueGroupListing(nowMs, queues);
    }

    public static byte[] EncodeOptions(QueueOptions? options) =>
        options is null ? [0] : QueueCommandCodec.WriteOptions(new BinaryBuilder(48).Byte(1), options).ToArray();

    public static QueueOptions? DecodeOptions(ReadOnlySpan<byte> bytes)
    {
        var cursor = new BinaryCursor(bytes, "queue options");
        var options = QueueCommandCodec.ReadFlag(ref cursor, "present") ? QueueCommandCodec.ReadOptions(ref cursor) : null;
        cursor.ExpectEnd();
        return options;
    }

    /// <summary>A notification's payload: the wait id and why it ended.</summary>
    public static byte[] EncodeWaitEvent(QueueWaitEvent waitEvent) => new BinaryBuilder(9).UInt64(waitEvent.WaitId).Byte((byte)waitEvent.Reason).ToArray();

    public static QueueWaitEvent DecodeWaitEvent(ReadOnlySpan<byte> bytes)
    {
        var cursor = new BinaryCursor(bytes, "queue wait event");
        var waitId = cursor.ReadUInt64("wait id");
        var reason = (QueueWaitEndReason)cursor.ReadByte("reason");
        if (reason is not (QueueWaitEndReason.MessagesAvailable or QueueWaitEndReason.TimedOut or QueueWaitEndReason.QueueDeleted))
        {
            throw cursor.Fail("reason", $"unknown reason {(byte)reason}");
        }

        cursor.ExpectEnd();
        return new QueueWaitEvent(waitId, reason);
    }

    private static BinaryBuilder WriteStats(BinaryBuilder builder, QueueStats stats) => builder
        .Int64(stats.Visible).Int64(stats.InFlight).Int64(stats.Delayed).Int64(stats.DeadLettered).Int64(stats.OldestMessageAgeMs)
        .Int64(stats.SentTotal).Int64(stats.ReceivedTotal).Int64(stats.AckedTotal).Int64(stats.DeadLetteredTotal).Int64(stats.NowMs);

    private static QueueStats ReadStats(ref BinaryCursor cursor) => new(
        cursor.ReadInt64("visible"),
        cursor.ReadInt64("in flight"),
        cursor.ReadInt64("delayed"),
        cursor.ReadInt64("dead lettered"),
        cursor.ReadInt64("oldest age"),
        cursor.ReadInt64("sent"),
        cursor.ReadInt64("received"),
        cursor.ReadInt64("acked"),
        cursor.ReadInt64("dead lettered total"),
        cursor.ReadInt64("now"));

    private static int BoundedCount(uint count, int max, ref BinaryCursor cursor) =>
        count <= (uint)max ? (int)count : throw cursor.Fail("count", $"{count} exceeds the limit of {max}");

    private static int Bounded(ushort count, int max, ref BinaryCursor cursor) =>
        count <= max ? count : throw cursor.Fail("count", $"{count} exceeds the limit of {max}");
}
