using OrleansSync.Grains.Queues;
using OrleansSync.Simulation.Checking;
using OrleansSync.TestSupport.Linearizability;

namespace OrleansSync.Simulation.Workloads.Queues;

/// <summary>
/// Queue safety over the client-observed history, with every applied write in it and each answer
/// carrying its log index and table time (so the applied order is known exactly), plus a final read
/// of the state. Throws <see cref="SafetyViolationException"/> on the first broken rule:
/// <list type="number">
/// <item>no acknowledged send is lost: each sent message was acked, or is still in its partition (queued or dead-lettered), and an acked one is gone;</item>
/// <item>nothing acked is delivered again after the ack;</item>
/// <item>delivery counts go 1, 2, 3... per message (back to 1 only after a redrive of its partition); nothing is delivered that was not sent;</item>
/// <item>dedup holds within the window: a repeat of a dedup id in the same partition before the window ends is a duplicate with the first id, and after it is new;</item>
/// <item>FIFO per partition: undelayed messages are first delivered in send order;</item>
/// <item>receipts: an ack, nack or extend succeeds exactly when its receipt names the current, unexpired delivery, so a stale receipt never deletes;
/// a batch ack is judged as its receipts' acks one after another at its index.</item>
/// </list>
/// </summary>
internal static class QueueHistoryChecker
{
    public static long Check(IReadOnlyList<Operation<QueueInput, QueueOutput>> history, QueueTable final)
    {
        var done = history.Where(o => o is { IsPending: false, Output: not null } && o.Input.Kind is not (QueueOperationKind.Expire or QueueOperationKind.Stats or QueueOperationKind.Create))
            .OrderBy(o => o.Output!.Index)
            .ToList();
        var sends = CollectSends(done);
        var deliveries = CollectDeliveries(done, sends);
        var redrives = done.Where(o => o.Input.Kind == QueueOperationKind.Redrive && o.Output!.IsOk && o.Output.Count > 0)
            .Select(o => (o.Input.Queue, o.Input.Partition, o.Output!.Index)).ToList();
        var acked = CheckReceipts(done, deliveries);
        CheckDeliveryCounts(deliveries, sends, redrives, acked);
        CheckNothingLost(sends, acked, final);
        CheckDedup(done);
        CheckFifo(sends, deliveries);
        return done.Count;
    }

    private sealed record SentRecord(string Queue, int Partition, ulong Index, long DelayMs);

    private sealed record DeliveryRecord(ulong Index, int Position, long TimeMs, SimDelivery Delivery);

    private static Dictionary<ulong, SentRecord> CollectSends(List<Operation<QueueInput, QueueOutput>> done)
    {
        var sends = new Dictionary<ulong, SentRecord>();
        foreach (var operation in done.Where(o => o.Input.Kind == QueueOperationKind.Send && o.Output!.IsOk))
        {
            var output = operation.Output!;
            if (output.Sent.Count != operation.Input.Messages.Count)
            {
                throw Violation($"send at index {output.Index} of {operation.Input.Messages.Count} messages answered {output.Sent.Count} ids");
            }

            for (var i = 0; i < output.Sent.Count; i++)
            {
                var sent = output.Sent[i];
                if (!sent.Duplicate && !sends.TryAdd(sent.MessageId, new SentRecord(operation.Input.Queue, operation.Input.Partition, output.Index, operation.Input.Messages[i].DelayMs)))
                {
                    throw Violation($"message id {sent.MessageId} was given to two sends (indexes {sends[sent.MessageId].Index} and {output.Index})");
                }
            }
        }

        return sends;
    }

    private static Dictionary<ulong, List<DeliveryRecord>> CollectDeliveries(List<Operation<QueueInput, QueueOutput>> done, Dictionary<ulong, SentRecord> sends)
    {
        var deliveries = new Dictionary<ulong, List<DeliveryRecord>>();
        foreach (var operation in done.Where(o => o.Input.Kind == QueueOperationKind.Receive && o.Output!.IsOk))
        {
            var output = operation.Output!;
            for (var i = 0; i < output.Delivered.Count; i++)
            {
                var delivery = output.Delivered[i];
                if (!sends.TryGetValue(delivery.MessageId, out var sent) || sent.Queue != operation.Input.Queue || sent.Partition != operation.Input.Partition)
                {
                    throw Violation($"receive at index {output.Index} from {operation.Input.Queue}/{operation.Input.Partition} delivered message {delivery.MessageId}, which no send there enqueued");
                }

                if (!deliveries.TryGetValue(delivery.MessageId, out var list))
                {
                    list = [];
                    deliveries.Add(delivery.MessageId, list);
                }

                list.Add(new DeliveryRecord(output.Index, i, output.TimeMs, delivery));
            }
        }

        return deliveries;
    }

    /// <summary>Rule 6, in log order; returns the index of each message's successful ack.</summary>
    private static Dictionary<ulong, ulong> CheckReceipts(List<Operation<QueueInput, QueueOutput>> done, Dictionary<ulong, List<DeliveryRecord>> deliveries)
    {
        var acked = new Dictionary<ulong, ulong>();
        var ended = new HashSet<QueueReceipt>();
        var extendedUntil = new Dictionary<QueueReceipt, long>();
        foreach (var (input, output, succeeded) in done.SelectMany(Settles))
        {
            var receipt = input.Receipt;
            var history = deliveries.GetValueOrDefault(receipt.MessageId) ?? [];
            var issued = history.FirstOrDefault(d => d.Index == receipt.ReceiveIndex && d.Delivery.Receipt == receipt);
            var current = issued is not null
                && !ended.Contains(receipt)
                && !history.Any(d => d.Index > receipt.ReceiveIndex && d.Index < output.Index)
                && output.TimeMs < extendedUntil.GetValueOrDefault(receipt, issued.Delivery.VisibleUntilMs);
            if (succeeded != current)
            {
                throw Violation($"{input} at index {output.Index} (t={output.TimeMs}) answered {output}, but the receipt "
                    + (current ? "names the current delivery" : $"is stale (deliveries of {receipt.MessageId}: {string.Join(", ", history.Select(d => $"#{d.Delivery.DeliveryCount}@{d.Index} until {d.Delivery.VisibleUntilMs}"))})"));
            }

            if (!succeeded)
            {
                continue;
            }

            if (input.Kind == QueueOperationKind.Extend)
            {
                extendedUntil[receipt] = output.VisibleUntilMs;
                continue;
            }

            ended.Add(receipt);
            if (input.Kind == QueueOperationKind.Ack)
            {
                acked.Add(receipt.MessageId, output.Index);
            }
        }

        return acked;
    }

    /// <summary>
    /// Each settle with its success: an ack, nack or extend as itself; a batch ack as one ack per
    /// receipt, in order, at the batch's index (all failed if the batch was refused as a whole).
    /// </summary>
    private static IEnumerable<(QueueInput Input, QueueOutput Output, bool Succeeded)> Settles(Operation<QueueInput, QueueOutput> operation)
    {
        var (input, output) = (operation.Input, operation.Output!);
        if (input.Kind is QueueOperationKind.Ack or QueueOperationKind.Nack or QueueOperationKind.Extend)
        {
            yield return (input, output, output.IsOk);
        }
        else if (input.Kind == QueueOperationKind.AckBatch)
        {
            if (output.IsOk && output.Outcomes.Count != input.Receipts.Count)
            {
                throw Violation($"{input} at index {output.Index} answered {output.Outcomes.Count} outcomes for {input.Receipts.Count} receipts");
            }

            for (var i = 0; i < input.Receipts.Count; i++)
            {
                var ok = output.IsOk && output.Outcomes[i] == QueueErrorCode.None;
                yield return (new QueueInput(QueueOperationKind.Ack, input.Queue, input.Partition) { Receipt = input.Receipts[i] }, output, ok);
            }
        }
    }

    /// <summary>Rules 2 and 3.</summary>
    private static void CheckDeliveryCounts(
        Dictionary<ulong, List<DeliveryRecord>> deliveries, Dictionary<ulong, SentRecord> sends, List<(string Queue, int Partition, ulong Index)> redrives, Dictionary<ulong, ulong> acked)
    {
        foreach (var (messageId, list) in deliveries)
        {
            var sent = sends[messageId];
            uint previous = 0;
            var previousIndex = sent.Index;
            foreach (var delivery in list)
            {
                var count = delivery.Delivery.DeliveryCount;
                var redriven = redrives.Any(r => r.Queue == sent.Queue && r.Partition == sent.Partition && r.Index > previousIndex && r.Index < delivery.Index);
                if (count != previous + 1 && !(redriven && count == 1))
                {
                    throw Violation($"message {messageId} was delivered at index {delivery.Index} with count {count} after count {previous} (at index {previousIndex})");
                }

                if (acked.TryGetValue(messageId, out var ackIndex) && delivery.Index > ackIndex)
                {
                    throw Violation($"message {messageId} was delivered at index {delivery.Index} after its ack at index {ackIndex}");
                }

                (previous, previousIndex) = (count, delivery.Index);
            }
        }
    }

    /// <summary>Rule 1, against the final state.</summary>
    private static void CheckNothingLost(Dictionary<ulong, SentRecord> sends, Dictionary<ulong, ulong> acked, QueueTable final)
    {
        foreach (var (messageId, sent) in sends)
        {
            var partition = final.FindPartition(sent.Queue, sent.Partition);
            var stored = partition is not null && (partition.Messages.ContainsKey(messageId) || partition.DeadLetters.ContainsKey(messageId));
            if (acked.TryGetValue(messageId, out var ackIndex) == stored)
            {
                throw Violation(stored
                    ? $"message {messageId} was acked at index {ackIndex} but is still in {sent.Queue}/{sent.Partition}"
                    : $"message {messageId} sent at index {sent.Index} to {sent.Queue}/{sent.Partition} was never acked and is neither queued nor dead-lettered: lost");
            }
        }
    }

    /// <summary>Rule 4.</summary>
    private static void CheckDedup(List<Operation<QueueInput, QueueOutput>> done)
    {
        var originals = new Dictionary<(string Queue, int Partition, string DedupId), (ulong MessageId, long TimeMs, ulong Index)>();
        foreach (var operation in done.Where(o => o.Input.Kind == QueueOperationKind.Send && o.Output!.IsOk))
        {
            var output = operation.Output!;
            for (var i = 0; i < operation.Input.Messages.Count; i++)
            {
                if (operation.Input.Messages[i].DedupId is not { } dedupId)
                {
                    continue;
                }

                var key = (operation.Input.Queue, operation.Input.Partition, dedupId);
                var sent = output.Sent[i];
                var active = originals.TryGetValue(key, out var original) && output.TimeMs < original.TimeMs + QueueClientPlanner.DedupWindowMs;
                if (active && (!sent.Duplicate || sent.MessageId != original.MessageId))
                {
                    throw Violation($"send at index {output.Index} (t={output.TimeMs}) repeated dedup id '{dedupId}' of message {original.MessageId} (index {original.Index}, t={original.TimeMs}) within the window but got {sent}");
                }

                if (!active && sent.Duplicate)
                {
                    throw Violation($"send at index {output.Index} (t={output.TimeMs}) with dedup id '{dedupId}' was answered a duplicate of {sent.MessageId} outside any window");
                }

                if (!active)
                {
                    originals[key] = (sent.MessageId, output.TimeMs, output.Index);
                }
            }
        }
    }

    /// <summary>Rule 5: per partition, in send order, first deliveries of undelayed messages strictly increase, and none follows an undelivered one.</summary>
    private static void CheckFifo(Dictionary<ulong, SentRecord> sends, Dictionary<ulong, List<DeliveryRecord>> deliveries)
    {
        foreach (var partition in sends.Where(s => s.Value.DelayMs == 0).GroupBy(s => (s.Value.Queue, s.Value.Partition)))
        {
            (ulong Index, int Position)? previous = (0, 0);
            ulong previousId = 0;
            foreach (var (messageId, _) in partition.OrderBy(s => s.Key))
            {
                var first = deliveries.GetValueOrDefault(messageId)?.First();
                (ulong Index, int Position)? key = first is null ? null : (first.Index, first.Position);
                if (key is { } k && (previous is not { } p || k.Index < p.Index || (k.Index == p.Index && k.Position <= p.Position)))
                {
                    throw Violation($"FIFO in {partition.Key.Queue}/{partition.Key.Partition}: message {messageId} was first delivered at index {k.Index} before (or without) earlier message {previousId}");
                }

                (previous, previousId) = (key, messageId);
            }
        }
    }

    private static SafetyViolationException Violation(string what) => new($"queue safety (history): {what}");
}
