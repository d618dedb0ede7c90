namespace OrleansSync.Grains.Queues;

/// <summary>Send, receive, ack, nack, extend, purge and redrive.</summary>
public sealed partial class QueueTable
{
    private QueueResult Send(SendCommand send, List<QueueWaitEvent> events)
    {
        if (!TryGetQueue(send.Queue, send.Partition, out var definition, out var failure))
        {
            return failure;
        }

        if (ValidateBatch(send.Messages, definition.Options) is { } invalid)
        {
            return invalid;
        }

        if (!TryGetOrCreatePartition(definition, send.Partition, out var partition, out failure))
        {
            return failure;
        }

        // Dedup first, within the window and within the batch, so the capacity check counts only what is enqueued.
        var windowDuplicate = new ulong?[send.Messages.Count];
        var sameAsEarlier = new int[send.Messages.Count];
        var firstInBatch = new Dictionary<string, int>(StringComparer.Ordinal);
        var fresh = 0;
        for (var i = 0; i < send.Messages.Count; i++)
        {
            var dedupId = send.Messages[i].DedupId;
            windowDuplicate[i] = partition.DuplicateOf(dedupId);
            sameAsEarlier[i] = -1;
            if (windowDuplicate[i] is null && dedupId is not null && definition.Options.DedupWindowMs > 0 && !firstInBatch.TryAdd(dedupId, i))
            {
                sameAsEarlier[i] = firstInBatch[dedupId];
            }

            fresh += windowDuplicate[i] is null && sameAsEarlier[i] < 0 ? 1 : 0;
        }

        if (partition.StoredCount + fresh > _options.MaxMessagesPerPartition)
        {
            return QueueResult.Fail(
                QueueErrorCode.QueueFull,
                $"partition {send.Partition} of '{send.Queue}' holds {partition.StoredCount} messages; {fresh} more would exceed {_options.MaxMessagesPerPartition}");
        }

        var sent = new SentMessage[send.Messages.Count];
        for (var i = 0; i < send.Messages.Count; i++)
        {
            if (windowDuplicate[i] is { } duplicate)
            {
                sent[i] = new SentMessage(duplicate, send.Partition, Duplicate: true);
            }
            else if (sameAsEarlier[i] >= 0)
            {
                sent[i] = sent[sameAsEarlier[i]] with { Duplicate = true };
            }
            else
            {
                var id = ++_lastMessageId;
                partition.Enqueue(id, send.Messages[i], _nowMs, events);
                sent[i] = new SentMessage(id, send.Partition, Duplicate: false);
            }
        }

        Reschedule(send.Queue, partition);
        return new QueueResult { Status = QueueResultStatus.Ok, Sent = sent };
    }

    private static QueueResult? ValidateBatch(IReadOnlyList<OutgoingMessage> messages, QueueOptions options)
    {
        if (messages.Count == 0)
        {
            return QueueResult.Fail(QueueErrorCode.InvalidArgument, "a send needs at least one message");
        }

        if (messages.Count > MaxBatchMessages)
        {
            return QueueResult.Fail(QueueErrorCode.BatchTooLarge, $"a batch holds at most {MaxBatchMessages} messages, got {messages.Count}");
        }

        long totalBytes = 0;
        foreach (var message in messages)
        {
            if (ValidateMessage(message, options) is { } invalid)
            {
                return invalid;
            }

            totalBytes += message.SizeBytes;
        }

        return totalBytes > MaxBatchBytes
            ? QueueResult.Fail(QueueErrorCode.BatchTooLarge, $"a batch holds at most {MaxBatchBytes} bytes, got {totalBytes}")
            : null;
    }

    private static QueueResult? ValidateMessage(OutgoingMessage message, QueueOptions options)
    {
        if (message.SizeBytes > options.MaxMessageBytes)
        {
            return QueueResult.Fail(QueueErrorCode.MessageTooLarge, $"a message is {message.SizeBytes} bytes; the queue's limit is {options.MaxMessageBytes}");
        }

        if (message.DelayMs is < 0 or > MaxDelayMs)
        {
            return QueueResult.Fail(QueueErrorCode.InvalidArgument, $"a delay must be 0 to {MaxDelayMs} ms, got {message.DelayMs}");
        }

        if (message.DedupId is { } dedupId && (dedupId.Length is 0 or > MaxDedupIdLength || dedupId.Any(char.IsControl)))
        {
            return QueueResult.Fail(QueueErrorCode.InvalidArgument, $"a dedup id must be 1 to {MaxDedupIdLength} characters with no control characters");
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, _) in message.Attributes)
        {
            if (key.Length is 0 or > MaxAttributeKeyLength || key.Any(char.IsControl) || !keys.Add(key))
            {
                return QueueResult.Fail(
                    QueueErrorCode.InvalidArgument, $"attribute keys must be unique, 1 to {MaxAttributeKeyLength} characters with no control characters");
            }
        }

        return null;
    }

    private QueueResult Receive(ulong index, ReceiveCommand receive)
    {
        if (!TryGetQueue(receive.Queue, receive.Partition, out var definition, out var failure))
        {
            return failure;
        }

        if (receive.MaxMessages is < 1 or > MaxReceiveMessages)
        {
            return QueueResult.Fail(QueueErrorCode.InvalidArgument, $"a receive takes 1 to {MaxReceiveMessages} messages, got {receive.MaxMessages}");
        }

        if (receive.VisibilityTimeoutMs is < 0 or > QueueOptions.MaxVisibilityTimeoutMs)
        {
            return QueueResult.Fail(
                QueueErrorCode.InvalidArgument, $"a visibility timeout must be 0 (the queue's) to {QueueOptions.MaxVisibilityTimeoutMs} ms, got {receive.VisibilityTimeoutMs}");
        }

        if (receive.WaitMs is < 0 or > MaxWaitMs)
        {
            return QueueResult.Fail(QueueErrorCode.InvalidArgument, $"a wait must be 0 to {MaxWaitMs} ms, got {receive.WaitMs}");
        }

        var visibilityMs = receive.VisibilityTimeoutMs == 0 ? definition.Options.VisibilityTimeoutMs : receive.VisibilityTimeoutMs;
        definition.Partitions.TryGetValue(receive.Partition, out var partition);
        if (partition is { VisibleCount: > 0 })
        {
            var delivered = partition.Deliver(index, receive.MaxMessages, visibilityMs, _nowMs);
            Reschedule(receive.Queue, partition);
            return new QueueResult { Status = QueueResultStatus.Ok, Messages = delivered };
        }

        if (receive.WaitMs == 0)
        {
            return QueueResult.Ok();
        }

        if (!TryGetOrCreatePartition(definition, receive.Partition, out partition, out failure))
        {
            return failure;
        }

        if (!partition.AddWait(index, _nowMs + receive.WaitMs, _options.MaxWaitsPerPartition))
        {
            return QueueResult.Ok(); // too many waiters here: answer empty now; the caller polls again
        }

        _waitIds.Add(index);
        Reschedule(receive.Queue, partition);
        return new QueueResult { Status = QueueResultStatus.Waiting, WaitId = index };
    }

    /// <summary>Runs <paramref name="action"/> on the message the receipt names if that delivery is current; otherwise <see cref="QueueErrorCode.ReceiptStale"/>.</summary>
    private QueueResult Settle(string queue, QueueReceipt receipt, Func<QueuePartition, QueueMessage, QueueResult> action)
    {
        if (!TryGetQueue(queue, receipt.Partition, out var definition, out var failure))
        {
            return failure;
        }

        var partition = definition.Partitions.GetValueOrDefault(receipt.Partition);
        if (partition?.Current(receipt) is not { } message)
        {
            return QueueResult.Fail(
                QueueErrorCode.ReceiptStale, $"receipt {receipt} does not name a delivery in flight (redelivered, timed out, acked, dead-lettered or purged)");
        }

        var result = action(partition, message);
        Reschedule(queue, partition);
        return result;
    }

    private static QueueResult Ack(QueuePartition partition, QueueMessage message)
    {
        partition.Ack(message);
        return QueueResult.Ok();
    }

    /// <summary>
    /// Each receipt as its own ack would be judged, so a stale one costs only itself. Refused as a
    /// whole only for what no single ack could mean: an empty or over-long batch, or a receipt of
    /// another partition than the command's.
    /// </summary>
    private QueueResult AckBatch(AckBatchCommand batch)
    {
        if (!TryGetQueue(batch.Queue, batch.Partition, out var definition, out var failure))
        {
            return failure;
        }

        if (batch.Receipts.Count is 0 or > MaxBatchMessages)
        {
            return QueueResult.Fail(QueueErrorCode.BatchTooLarge, $"a batch ack holds 1 to {MaxBatchMessages} receipts, got {batch.Receipts.Count}");
        }

        if (batch.Receipts.Where(r => r.Partition != batch.Partition).Select(r => (int?)r.Partition).FirstOrDefault() is { } other)
        {
            return QueueResult.Fail(QueueErrorCode.InvalidArgument, $"a batch ack for partition {batch.Partition} holds a receipt of partition {other}");
        }

        var partition = definition.Partitions.GetValueOrDefault(batch.Partition);
        var outcomes = new QueueErrorCode[batch.Receipts.Count];
        for (var i = 0; i < outcomes.Length; i++)
        {
            if (partition?.Current(batch.Receipts[i]) is { } message)
            {
                partition.Ack(message);
                outcomes[i] = QueueErrorCode.None;
            }
            else
            {
                outcomes[i] = QueueErrorCode.ReceiptStale;
            }
        }

        if (partition is not null)
        {
            Reschedule(batch.Queue, partition);
        }

        return new QueueResult { Status = QueueResultStatus.Ok, Outcomes = outcomes };
    }

    private QueueResult Nack(NackCommand nack, List<QueueWaitEvent> events)
    {
        if (nack.DelayMs is < 0 or > MaxDelayMs)
        {
            return QueueResult.Fail(QueueErrorCode.InvalidArgument, $"a nack delay must be 0 to {MaxDelayMs} ms, got {nack.DelayMs}");
        }

        return Settle(nack.Queue, nack.Receipt, (partition, message) =>
        {
            partition.Nack(message, nack.DelayMs, _nowMs, events);
            return QueueResult.Ok();
        });
    }

    private QueueResult Extend(ExtendCommand extend)
    {
        if (extend.VisibilityTimeoutMs is < 1 or > QueueOptions.MaxVisibilityTimeoutMs)
        {
            return QueueResult.Fail(
                QueueErrorCode.InvalidArgument, $"a visibility timeout must be 1 to {QueueOptions.MaxVisibilityTimeoutMs} ms, got {extend.VisibilityTimeoutMs}");
        }

        return Settle(extend.Queue, extend.Receipt, (partition, message) =>
        {
            partition.Extend(message, _nowMs + extend.VisibilityTimeoutMs);
            return new QueueResult { Status = QueueResultStatus.Ok, VisibleUntilMs = _nowMs + extend.VisibilityTimeoutMs };
        });
    }

    private QueueResult Purge(PurgeCommand purge)
    {
        if (!TryGetQueue(purge.Queue, purge.Partition, out var definition, out var failure))
        {
            return failure;
        }

        if (!definition.Partitions.TryGetValue(purge.Partition, out var partition))
        {
            return new QueueResult { Status = QueueResultStatus.Ok, Count = 0 };
        }

        var count = partition.Purge(purge.DeadLetters);
        Reschedule(purge.Queue, partition);
        return new QueueResult { Status = QueueResultStatus.Ok, Count = count };
    }

    private QueueResult Redrive(RedriveCommand redrive, List<QueueWaitEvent> events)
    {
        if (!TryGetQueue(redrive.Queue, redrive.Partition, out var definition, out var failure))
        {
            return failure;
        }

        if (redrive.MaxMessages is < 1 or > MaxRedriveMessages)
        {
            return QueueResult.Fail(QueueErrorCode.InvalidArgument, $"a redrive moves 1 to {MaxRedriveMessages} messages, got {redrive.MaxMessages}");
        }

        if (!definition.Partitions.TryGetValue(redrive.Partition, out var partition))
        {
            return new QueueResult { Status = QueueResultStatus.Ok, Count = 0 };
        }

        var moved = partition.Redrive(redrive.MaxMessages, events);
        Reschedule(redrive.Queue, partition);
        return new QueueResult { Status = QueueResultStatus.Ok, Count = moved };
    }
}
