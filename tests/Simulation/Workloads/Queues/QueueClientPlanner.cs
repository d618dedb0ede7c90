using System.Globalization;
using OrleansSync.Grains.Queues;

namespace OrleansSync.Simulation.Workloads.Queues;

/// <summary>
/// One queue client's behaviour, producer and consumer at once: it creates the queues (every client
/// sends the same create, which must be idempotent), sends batches of 1..3 uniquely tagged messages
/// (some delayed, some with a dedup id, often one it used a moment ago, so repeats land within the
/// window; messages with a dedup id go to the partition of that id, as <see cref="QueuePartitionMap"/>
/// places them), receives (sometimes with a visibility override or a long-poll wait), and settles what it
/// holds: ack, nack (maybe delayed), extend, or forget it so its visibility times out. Now and then it
/// acks with a receipt it knows to be old, redrives dead letters, or reads a partition's stats. It
/// learns only from answers.
/// </summary>
internal sealed class QueueClientPlanner(int clientId, Random random, int queueCount)
{
    public const int PartitionsPerQueue = 3;
    public const int MaxDeliveries = 3;
    public const long VisibilityTimeoutMs = 500;
    public const long DedupWindowMs = 2_000;

    public static readonly IReadOnlyList<string> QueueNames = ["q0", "q1"];

    private const int MaxRemembered = 16;

    private readonly List<(string Queue, SimDelivery Delivery)> _held = [];
    private readonly List<(string Queue, QueueReceipt Receipt)> _oldReceipts = [];
    private readonly List<(string Queue, string DedupId)> _dedupIds = [];
    private readonly HashSet<string> _created = new(StringComparer.Ordinal);
    private int _nextTag;
    private ulong _roundRobin;

    public static QueueOptions Options => new()
    {
        Partitions = PartitionsPerQueue,
        MaxDeliveries = MaxDeliveries,
        VisibilityTimeoutMs = VisibilityTimeoutMs,
        DedupWindowMs = DedupWindowMs,
    };

    private IEnumerable<string> Queues => QueueNames.Take(queueCount);

    public QueueInput Next()
    {
        if (Queues.FirstOrDefault(q => !_created.Contains(q)) is { } uncreated)
        {
            return new QueueInput(QueueOperationKind.Create, uncreated, 0);
        }

        var queue = QueueNames[random.Next(queueCount)];
        var roll = random.Next(100);
        return roll switch
        {
            < 40 when _held.Count > 0 => Settle(),
            < 68 => Send(queue),
            < 93 => Receive(queue),
            < 96 when _oldReceipts.Count > 0 => StaleAck(),
            < 97 => new QueueInput(QueueOperationKind.Redrive, queue, random.Next(PartitionsPerQueue)) { MaxMessages = 100 },
            < 98 => new QueueInput(QueueOperationKind.Stats, queue, random.Next(PartitionsPerQueue)),
            _ => Receive(queue),
        };
    }

    public void Answered(QueueInput input, QueueOutput output)
    {
        switch (input.Kind)
        {
            case QueueOperationKind.Create when output.IsOk:
                _created.Add(input.Queue);
                break;
            case QueueOperationKind.Receive:
                _held.AddRange(output.Delivered.Select(d => (input.Queue, d)));
                break;
            case QueueOperationKind.Ack or QueueOperationKind.Nack:
                Forget(input);
                break;
            case QueueOperationKind.AckBatch:
                ForgetAll(input);
                break;
            case QueueOperationKind.Extend when output.IsOk:
                var at = _held.FindIndex(h => h.Delivery.Receipt == input.Receipt);
                if (at >= 0)
                {
                    _held[at] = (input.Queue, _held[at].Delivery with { VisibleUntilMs = output.VisibleUntilMs });
                }

                break;
            case QueueOperationKind.Extend:
                Forget(input);
                break;
        }
    }

    public void Abandoned(QueueInput input)
    {
        if (input.Kind is QueueOperationKind.Ack or QueueOperationKind.Nack or QueueOperationKind.Extend)
        {
            Forget(input);
        }
        else if (input.Kind == QueueOperationKind.AckBatch)
        {
            ForgetAll(input);
        }
    }

    private QueueInput Send(string queue)
    {
        var count = random.Next(1, 4);
        var dedupId = random.Next(4) == 0 ? DedupId(queue) : null;
        var messages = new List<OutgoingSimMessage>(count);
        for (var i = 0; i < count; i++)
        {
            var tag = string.Create(CultureInfo.InvariantCulture, $"c{clientId}-m{++_nextTag}");
            messages.Add(new OutgoingSimMessage(tag, i == 0 ? dedupId : null, random.Next(10) == 0 ? random.Next(1, 6) * 100 : 0));
        }

        var partition = QueuePartitionMap.PartitionOf(null, dedupId, PartitionsPerQueue, _roundRobin++);
        return new QueueInput(QueueOperationKind.Send, queue, partition) { Messages = messages };
    }

    /// <summary>Mostly a dedup id used a moment ago (a producer's retry after a lost answer); otherwise a fresh one.</summary>
    private string DedupId(string queue)
    {
        var recent = _dedupIds.Where(d => d.Queue == queue).Select(d => d.DedupId).ToList();
        if (recent.Count > 0 && random.Next(3) > 0)
        {
            return recent[random.Next(recent.Count)];
        }

        var fresh = string.Create(CultureInfo.InvariantCulture, $"c{clientId}-d{++_nextTag}");
        Remember(_dedupIds, (queue, fresh));
        return fresh;
    }

    private QueueInput Receive(string queue) => new(QueueOperationKind.Receive, queue, random.Next(PartitionsPerQueue))
    {
        MaxMessages = random.Next(1, 4),
        VisibilityMs = random.Next(3) == 0 ? random.Next(2, 8) * 100 : 0,
        WaitMs = random.Next(5) == 0 ? random.Next(1, 5) * 100 : 0,
    };

    private QueueInput Settle()
    {
        var at = random.Next(_held.Count);
        var (queue, delivery) = _held[at];
        var roll = random.Next(100);
        if (roll >= 90)
        {
            _held.RemoveAt(at); // let its visibility time out
            Remember(_oldReceipts, (queue, delivery.Receipt));
            return Receive(queue);
        }

        return roll switch
        {
            < 20 => AckBatch(queue, delivery.Receipt.Partition),
            < 60 => new QueueInput(QueueOperationKind.Ack, queue, delivery.Receipt.Partition) { Receipt = delivery.Receipt },
            < 75 => new QueueInput(QueueOperationKind.Nack, queue, delivery.Receipt.Partition) { Receipt = delivery.Receipt, DelayMs = random.Next(2) * 100 },
            _ => new QueueInput(QueueOperationKind.Extend, queue, delivery.Receipt.Partition) { Receipt = delivery.Receipt, VisibilityMs = random.Next(3, 9) * 100 },
        };
    }

    /// <summary>
    /// Acks, in one batch, up to 4 held deliveries of the partition, sometimes with an old receipt of it
    /// mixed in (stale: that one must fail alone) or a held one repeated (the repeat is stale).
    /// </summary>
    private QueueInput AckBatch(string queue, int partition)
    {
        var receipts = _held.Where(h => h.Queue == queue && h.Delivery.Receipt.Partition == partition)
            .Select(h => h.Delivery.Receipt).Take(random.Next(1, 5)).ToList();
        var old = _oldReceipts.Where(o => o.Queue == queue && o.Receipt.Partition == partition).Select(o => o.Receipt).ToList();
        if (old.Count > 0 && random.Next(3) == 0)
        {
            receipts.Insert(random.Next(receipts.Count + 1), old[random.Next(old.Count)]);
        }

        if (random.Next(8) == 0)
        {
            receipts.Add(receipts[0]);
        }

        return new QueueInput(QueueOperationKind.AckBatch, queue, partition) { Receipts = receipts };
    }

    private QueueInput StaleAck()
    {
        var (queue, receipt) = _oldReceipts[random.Next(_oldReceipts.Count)];
        return new QueueInput(QueueOperationKind.Ack, queue, receipt.Partition) { Receipt = receipt };
    }

    private void Forget(QueueInput input)
    {
        var at = _held.FindIndex(h => h.Delivery.Receipt == input.Receipt);
        if (at >= 0)
        {
            _held.RemoveAt(at);
        }

        Remember(_oldReceipts, (input.Queue, input.Receipt));
    }

    private void ForgetAll(QueueInput input)
    {
        foreach (var receipt in input.Receipts.Distinct())
        {
            Forget(input with { Receipt = receipt });
        }
    }

    private static void Remember<T>(List<T> list, T item)
    {
        list.Add(item);
        if (list.Count > MaxRemembered)
        {
            list.RemoveAt(0);
        }
    }
}
