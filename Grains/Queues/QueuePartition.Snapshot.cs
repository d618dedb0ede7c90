using OrleansSync.Grains.Raft.StateMachines;

namespace OrleansSync.Grains.Queues;

/// <summary>A partition's part of the table snapshot: everything stored, in id order; indexes are rebuilt on restore.</summary>
public sealed partial class QueuePartition
{
    internal void Write(BinaryBuilder builder)
    {
        builder.UInt32((uint)Number).Int64(SentTotal).Int64(ReceivedTotal).Int64(AckedTotal).Int64(DeadLetteredTotal);
        WriteMessages(builder, _messages.Values, _messages.Count);
        WriteMessages(builder, _deadLetters.Values, _deadLetters.Count);
        builder.UInt32((uint)_dedupOrder.Count);
        foreach (var (dedupId, expiresAtMs) in _dedupOrder)
        {
            QueueCommandCodec.Name(builder, dedupId).UInt64(_dedup[dedupId].MessageId).Int64(expiresAtMs);
        }

        builder.UInt32((uint)_waits.Count);
        foreach (var (waitId, deadlineMs) in _waits)
        {
            builder.UInt64(waitId).Int64(deadlineMs);
        }
    }

    internal static QueuePartition Read(ref BinaryCursor cursor, QueueOptions options, int maxItems)
    {
        var number = QueueCommandCodec.ReadInt(ref cursor, "partition");
        if (number >= options.Partitions)
        {
            throw cursor.Fail("partition", $"{number} is outside the queue's {options.Partitions} partitions");
        }

        var partition = new QueuePartition(number, options)
        {
            SentTotal = cursor.ReadInt64("sent total"),
            ReceivedTotal = cursor.ReadInt64("received total"),
            AckedTotal = cursor.ReadInt64("acked total"),
            DeadLetteredTotal = cursor.ReadInt64("dead-lettered total"),
        };
        foreach (var message in ReadMessages(ref cursor, maxItems))
        {
            partition._messages.Add(message.Id, message);
            if (message.State == QueueMessageState.Visible)
            {
                partition._visible.Add(message.Id);
            }
            else
            {
                partition._hidden.Add((message.VisibleAtMs, message.Id));
            }
        }

        foreach (var message in ReadMessages(ref cursor, maxItems))
        {
            partition._deadLetters.Add(message.Id, message);
        }

        var dedupCount = Count(ref cursor, "dedup count", maxItems);
        for (var i = 0; i < dedupCount; i++)
        {
            var dedupId = QueueCommandCodec.ReadName(ref cursor, "dedup id");
            var messageId = cursor.ReadUInt64("dedup message");
            var expiresAtMs = cursor.ReadInt64("dedup expiry");
            partition._dedup.Add(dedupId, (messageId, expiresAtMs));
            partition._dedupOrder.Enqueue((dedupId, expiresAtMs));
        }

        var waitCount = Count(ref cursor, "wait count", maxItems);
        for (var i = 0; i < waitCount; i++)
        {
            var waitId = cursor.ReadUInt64("wait id");
            var deadlineMs = cursor.ReadInt64("wait deadline");
            partition._waits.Add(waitId, deadlineMs);
            partition._waitDeadlines.Add((deadlineMs, waitId));
        }

        return partition;
    }

    private static void WriteMessages(BinaryBuilder builder, IEnumerable<QueueMessage> messages, int count)
    {
        builder.UInt32((uint)count);
        foreach (var message in messages)
        {
            builder.UInt64(message.Id).Bytes32(message.Body);
            QueueCommandCodec.WriteAttributes(builder, message.Attributes)
                .Int64(message.SentAtMs).UInt32(message.DeliveryCount).Byte((byte)message.State).Int64(message.VisibleAtMs).UInt64(message.ReceiveIndex);
        }
    }

    private static List<QueueMessage> ReadMessages(ref BinaryCursor cursor, int maxItems)
    {
        var count = Count(ref cursor, "message count", maxItems);
        var messages = new List<QueueMessage>(Math.Min(count, 1_024));
        for (var i = 0; i < count; i++)
        {
            var message = new QueueMessage
            {
                Id = cursor.ReadUInt64("message id"),
                Body = cursor.ReadBytes32("body", QueueOptions.MaxMessageBytesLimit).ToArray(),
                Attributes = QueueCommandCodec.ReadAttributes(ref cursor),
                SentAtMs = cursor.ReadInt64("sent at"),
                DeliveryCount = cursor.ReadUInt32("delivery count"),
                State = (QueueMessageState)cursor.ReadByte("state"),
                VisibleAtMs = cursor.ReadInt64("visible at"),
                ReceiveIndex = cursor.ReadUInt64("receive index"),
            };
            if (message.State is not (QueueMessageState.Visible or QueueMessageState.Delayed or QueueMessageState.InFlight))
            {
                throw cursor.Fail("state", $"unknown message state {(byte)message.State}");
            }

            messages.Add(message);
        }

        return messages;
    }

    private static int Count(ref BinaryCursor cursor, string field, int max)
    {
        var count = cursor.ReadUInt32(field);
        return count <= (uint)max ? (int)count : throw cursor.Fail(field, $"{count} exceeds the limit of {max}");
    }
}
