using OrleansSync.Grains.Queues;

namespace OrleansSync.Grains.Tests.Queues;

/// <summary>
/// A deliberately naive reference for one queue: lists and linear scans, no indexes, written from
/// the semantics in docs/protocols/queues.md rather than from <see cref="QueuePartition"/>.
/// Retention is left out (the property tests' runs are far shorter than the retention).
/// </summary>
internal sealed class QueueReferenceModel(QueueOptions options)
{
    private readonly List<Entry> _messages = [];
    private readonly List<(int Partition, string DedupId, ulong MessageId, long ExpiresAtMs)> _dedup = [];
    private ulong _lastId;

    public long NowMs { get; private set; }

    public void Tick(long nowMs)
    {
        NowMs = Math.Max(NowMs, nowMs);
        foreach (var message in _messages.Where(m => m.State is QueueMessageState.Delayed or QueueMessageState.InFlight && m.VisibleAtMs <= NowMs))
        {
            message.Dead = message.State == QueueMessageState.InFlight && message.Count >= options.MaxDeliveries;
            message.State = QueueMessageState.Visible;
            message.ReceiveIndex = 0;
        }

        _dedup.RemoveAll(d => d.ExpiresAtMs <= NowMs);
    }

    public SentMessage Send(int partition, string? dedupId, long delayMs)
    {
        var existing = _dedup.FirstOrDefault(d => d.Partition == partition && d.DedupId == dedupId);
        if (dedupId is not null && existing.DedupId is not null)
        {
            return new SentMessage(existing.MessageId, partition, true);
        }

        var id = ++_lastId;
        _messages.Add(new Entry { Id = id, Partition = partition, State = delayMs > 0 ? QueueMessageState.Delayed : QueueMessageState.Visible, VisibleAtMs = delayMs > 0 ? NowMs + delayMs : 0 });
        if (dedupId is not null && options.DedupWindowMs > 0)
        {
            _dedup.Add((partition, dedupId, id, NowMs + options.DedupWindowMs));
        }

        return new SentMessage(id, partition, false);
    }

    public List<(ulong Id, uint Count, QueueReceipt Receipt)> Receive(ulong index, int partition, int max, long visibilityMs)
    {
        var taken = _messages.Where(m => m.Partition == partition && !m.Dead && m.State == QueueMessageState.Visible).OrderBy(m => m.Id).Take(max).ToList();
        foreach (var message in taken)
        {
            message.Count++;
            message.State = QueueMessageState.InFlight;
            message.VisibleAtMs = NowMs + (visibilityMs == 0 ? options.VisibilityTimeoutMs : visibilityMs);
            message.ReceiveIndex = index;
        }

        return [.. taken.Select(m => (m.Id, m.Count, new QueueReceipt(partition, m.Id, m.Count, index)))];
    }

    /// <summary>Ack (<paramref name="delayMs"/> null), nack or extend; false if the receipt is stale.</summary>
    public bool Settle(QueueReceipt receipt, string kind, long delayMs)
    {
        var message = _messages.FirstOrDefault(m => m.Id == receipt.MessageId && m.Partition == receipt.Partition && !m.Dead
            && m.State == QueueMessageState.InFlight && m.Count == receipt.Delivery && m.ReceiveIndex == receipt.ReceiveIndex);
        if (message is null)
        {
            return false;
        }

        switch (kind)
        {
            case "ack":
                _messages.Remove(message);
                break;
            case "nack":
                message.ReceiveIndex = 0;
                message.Dead = message.Count >= options.MaxDeliveries;
                message.State = delayMs > 0 && !message.Dead ? QueueMessageState.Delayed : QueueMessageState.Visible;
                message.VisibleAtMs = message.State == QueueMessageState.Delayed ? NowMs + delayMs : 0;
                break;
            default:
                message.VisibleAtMs = NowMs + delayMs;
                break;
        }

        return true;
    }

    public long Redrive(int partition)
    {
        var dead = _messages.Where(m => m.Partition == partition && m.Dead).ToList();
        foreach (var message in dead)
        {
            message.Dead = false;
            message.Count = 0;
            message.State = QueueMessageState.Visible;
        }

        return dead.Count;
    }

    public long Purge(int partition) => _messages.RemoveAll(m => m.Partition == partition && !m.Dead);

    public (long Visible, long InFlight, long Delayed, long Dead) Counts(int partition)
    {
        var live = _messages.Where(m => m.Partition == partition).ToList();
        return (live.Count(m => !m.Dead && m.State == QueueMessageState.Visible), live.Count(m => !m.Dead && m.State == QueueMessageState.InFlight),
            live.Count(m => !m.Dead && m.State == QueueMessageState.Delayed), live.Count(m => m.Dead));
    }

    private sealed class Entry
    {
        public ulong Id { get; init; }

        public int Partition { get; init; }

        public QueueMessageState State { get; set; }

        public long VisibleAtMs { get; set; }

        public uint Count { get; set; }

        public ulong ReceiveIndex { get; set; }

        public bool Dead { get; set; }
    }
}
