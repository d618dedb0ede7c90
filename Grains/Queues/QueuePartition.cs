namespace OrleansSync.Grains.Queues;

/// <summary>
/// Partition <c>{queue}/{p}</c>: a FIFO main queue and its co-located dead-letter sub-queue
/// (<c>{dlq}/{p}</c>, see ADR 0021), the dedup ids of its window, and the long-poll waits on it.
/// </summary>
/// <remarks>
/// Messages are ordered by id; ids come from one counter per table and are assigned as sends are
/// applied, so id order is send order and, time being monotonic, also <see cref="QueueMessage.SentAtMs"/>
/// order: the oldest message (first to reach retention) is always the first by id. A message that
/// comes back (nack, visibility timeout, redrive) keeps its id and so its place at the head.
/// Every method is deterministic: it reads no clock, only the table time it is given.
/// </remarks>
public sealed partial class QueuePartition
{
    private readonly SortedDictionary<ulong, QueueMessage> _messages = [];
    private readonly SortedSet<ulong> _visible = [];
    private readonly SortedSet<(long DueMs, ulong MessageId)> _hidden = [];
    private readonly SortedDictionary<ulong, QueueMessage> _deadLetters = [];
    private readonly Dictionary<string, (ulong MessageId, long ExpiresAtMs)> _dedup = new(StringComparer.Ordinal);
    private readonly Queue<(string DedupId, long ExpiresAtMs)> _dedupOrder = new();
    private readonly SortedDictionary<ulong, long> _waits = [];
    private readonly SortedSet<(long DueMs, ulong WaitId)> _waitDeadlines = [];

    internal QueuePartition(int number, QueueOptions options)
    {
        Number = number;
        Options = options;
    }

    /// <summary>The partition number p of <c>{queue}/{p}</c>.</summary>
    public int Number { get; }

    /// <summary>The queue's replicated options (resolved).</summary>
    public QueueOptions Options { get; }

    /// <summary>Messages in the main queue (visible, delayed and in flight).</summary>
    public int MessageCount => _messages.Count;

    public int DeadLetterCount => _deadLetters.Count;

    public int VisibleCount => _visible.Count;

    public int WaitCount => _waits.Count;

    internal long SentTotal { get; private set; }

    internal long ReceivedTotal { get; private set; }

    internal long AckedTotal { get; private set; }

    internal long DeadLetteredTotal { get; private set; }

    /// <summary>The main queue's messages by id, for inspection (tests, the simulator's final read).</summary>
    internal IReadOnlyDictionary<ulong, QueueMessage> Messages => _messages;

    /// <summary>The dead letters by id, for inspection.</summary>
    internal IReadOnlyDictionary<ulong, QueueMessage> DeadLetters => _deadLetters;

    internal IEnumerable<ulong> WaitIds => _waits.Keys;

    /// <summary>The earliest deadline of this partition (table time), or null if none is pending.</summary>
    internal long? NextDeadlineMs
    {
        get
        {
            var next = long.MaxValue;
            if (_hidden.Count > 0)
            {
                next = Math.Min(next, _hidden.Min.DueMs);
            }

            if (_messages.Count > 0)
            {
                next = Math.Min(next, RetentionEnd(_messages.First().Value));
            }

            if (_deadLetters.Count > 0)
            {
                next = Math.Min(next, RetentionEnd(_deadLetters.First().Value));
            }

            if (_dedupOrder.Count > 0)
            {
                next = Math.Min(next, _dedupOrder.Peek().ExpiresAtMs);
            }

            if (_waitDeadlines.Count > 0)
            {
                next = Math.Min(next, _waitDeadlines.Min.DueMs);
            }

            return next == long.MaxValue ? null : next;
        }
    }

    /// <summary>Runs every deadline due at <paramref name="nowMs"/>; wakes the waits if a message became visible.</summary>
    internal void ExpireDue(long nowMs, List<QueueWaitEvent> events)
    {
        var becameVisible = false;
        while (_hidden.Count > 0 && _hidden.Min.DueMs <= nowMs)
        {
            var (dueMs, id) = _hidden.Min;
            _hidden.Remove((dueMs, id));
            var message = _messages[id];
            becameVisible |= message.State == QueueMessageState.InFlight ? ReturnFromFlight(message) : MakeVisible(message);
        }

        while (_messages.Count > 0 && RetentionEnd(_messages.First().Value) <= nowMs)
        {
            Remove(_messages.First().Value);
        }

        while (_deadLetters.Count > 0 && RetentionEnd(_deadLetters.First().Value) <= nowMs)
        {
            _deadLetters.Remove(_deadLetters.First().Key);
        }

        while (_dedupOrder.Count > 0 && _dedupOrder.Peek().ExpiresAtMs <= nowMs)
        {
            var (dedupId, expiresAtMs) = _dedupOrder.Dequeue();
            if (_dedup.TryGetValue(dedupId, out var entry) && entry.ExpiresAtMs == expiresAtMs)
            {
                _dedup.Remove(dedupId);
            }
        }

        if (becameVisible)
        {
            EndWaits(QueueWaitEndReason.MessagesAvailable, events);
        }

        while (_waitDeadlines.Count > 0 && _waitDeadlines.Min.DueMs <= nowMs)
        {
            var (dueMs, waitId) = _waitDeadlines.Min;
            _waitDeadlines.Remove((dueMs, waitId));
            _waits.Remove(waitId);
            events.Add(new QueueWaitEvent(waitId, QueueWaitEndReason.TimedOut));
        }
    }

    /// <summary>The id a fresh send with <paramref name="dedupId"/> would repeat, if the id is within its window.</summary>
    internal ulong? DuplicateOf(string? dedupId) =>
        dedupId is not null && _dedup.TryGetValue(dedupId, out var entry) ? entry.MessageId : null;

    /// <summary>Enqueues a message the table validated and numbered; remembers its dedup id for the window.</summary>
    internal void Enqueue(ulong id, OutgoingMessage outgoing, long nowMs, List<QueueWaitEvent> events)
    {
        var message = new QueueMessage
        {
            Id = id,
            Body = outgoing.Body,
            Attributes = [.. outgoing.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal)],
            SentAtMs = nowMs,
        };
        _messages.Add(id, message);
        SentTotal++;
        if (outgoing.DedupId is { } dedupId && Options.DedupWindowMs > 0)
        {
            _dedup[dedupId] = (id, nowMs + Options.DedupWindowMs);
            _dedupOrder.Enqueue((dedupId, nowMs + Options.DedupWindowMs));
        }

        if (outgoing.DelayMs > 0)
        {
            Hide(message, QueueMessageState.Delayed, nowMs + outgoing.DelayMs);
        }
        else if (MakeVisible(message))
        {
            EndWaits(QueueWaitEndReason.MessagesAvailable, events);
        }
    }

    /// <summary>Messages plus dead letters: what <see cref="QueueTableOptions.MaxMessagesPerPartition"/> bounds.</summary>
    internal int StoredCount => _messages.Count + _deadLetters.Count;

    /// <summary>Delivers up to <paramref name="maxMessages"/> visible messages, oldest first, each under a receipt naming <paramref name="index"/>.</summary>
    internal List<DeliveredMessage> Deliver(ulong index, int maxMessages, long visibilityTimeoutMs, long nowMs)
    {
        var delivered = new List<DeliveredMessage>(Math.Min(maxMessages, _visible.Count));
        while (delivered.Count < maxMessages && _visible.Count > 0)
        {
            var message = _messages[_visible.Min];
            _visible.Remove(message.Id);
            message.DeliveryCount++;
            message.ReceiveIndex = index;
            Hide(message, QueueMessageState.InFlight, nowMs + visibilityTimeoutMs);
            ReceivedTotal++;
            delivered.Add(new DeliveredMessage(
                message.Id,
                Number,
                message.Body,
                message.Attributes,
                message.DeliveryCount,
                new QueueReceipt(Number, message.Id, message.DeliveryCount, index),
                message.SentAtMs,
                message.VisibleAtMs));
        }

        return delivered;
    }

    /// <summary>Registers a long-poll wait keyed by <paramref name="waitId"/>; false if the partition already holds its bound of waits.</summary>
    internal bool AddWait(ulong waitId, long deadlineMs, int maxWaits)
    {
        if (_waits.Count >= maxWaits)
        {
            return false;
        }

        _waits.Add(waitId, deadlineMs);
        _waitDeadlines.Add((deadlineMs, waitId));
        return true;
    }

    /// <summary>The in-flight message <paramref name="receipt"/> names, if that delivery is still the current one and in flight.</summary>
    internal QueueMessage? Current(QueueReceipt receipt) =>
        _messages.TryGetValue(receipt.MessageId, out var message)
        && message.State == QueueMessageState.InFlight
        && message.DeliveryCount == receipt.Delivery
        && message.ReceiveIndex == receipt.ReceiveIndex
            ? message
            : null;

    internal void Ack(QueueMessage message)
    {
        Remove(message);
        AckedTotal++;
    }

    /// <summary>Gives an in-flight message back, delayed or visible, or dead-letters it when its deliveries are used up.</summary>
    internal void Nack(QueueMessage message, long delayMs, long nowMs, List<QueueWaitEvent> events)
    {
        _hidden.Remove((message.VisibleAtMs, message.Id));
        message.ReceiveIndex = 0;
        if (message.DeliveryCount >= Options.MaxDeliveries)
        {
            DeadLetter(message);
        }
        else if (delayMs > 0)
        {
            Hide(message, QueueMessageState.Delayed, nowMs + delayMs);
        }
        else if (MakeVisible(message))
        {
            EndWaits(QueueWaitEndReason.MessagesAvailable, events);
        }
    }

    internal void Extend(QueueMessage message, long visibleAtMs)
    {
        _hidden.Remove((message.VisibleAtMs, message.Id));
        Hide(message, QueueMessageState.InFlight, visibleAtMs);
    }

    /// <summary>Deletes the main queue's messages (or the dead letters) and returns how many.</summary>
    internal long Purge(bool deadLetters)
    {
        long count;
        if (deadLetters)
        {
            count = _deadLetters.Count;
            _deadLetters.Clear();
            return count;
        }

        count = _messages.Count;
        _messages.Clear();
        _visible.Clear();
        _hidden.Clear();
        return count;
    }

    /// <summary>Moves up to <paramref name="maxMessages"/> dead letters, oldest first, back to the main queue as fresh, visible messages with the same ids.</summary>
    internal long Redrive(int maxMessages, List<QueueWaitEvent> events)
    {
        var moved = 0;
        while (moved < maxMessages && _deadLetters.Count > 0)
        {
            var message = _deadLetters.First().Value;
            _deadLetters.Remove(message.Id);
            message.DeliveryCount = 0;
            _messages.Add(message.Id, message);
            MakeVisible(message);
            moved++;
        }

        if (moved > 0)
        {
            EndWaits(QueueWaitEndReason.MessagesAvailable, events);
        }

        return moved;
    }

    /// <summary>Ends every wait (the queue is being deleted, or messages became visible).</summary>
    internal void EndWaits(QueueWaitEndReason reason, List<QueueWaitEvent> events)
    {
        foreach (var (waitId, deadlineMs) in _waits)
        {
            events.Add(new QueueWaitEvent(waitId, reason));
            _waitDeadlines.Remove((deadlineMs, waitId));
        }

        _waits.Clear();
    }

    internal QueueStats Stats(long nowMs)
    {
        long delayed = 0;
        long inFlight = 0;
        foreach (var (_, id) in _hidden)
        {
            if (_messages[id].State == QueueMessageState.InFlight)
            {
                inFlight++;
            }
            else
            {
                delayed++;
            }
        }

        var oldestAgeMs = _messages.Count == 0 ? 0 : Math.Max(0, nowMs - _messages.First().Value.SentAtMs);
        return new QueueStats(
            _visible.Count, inFlight, delayed, _deadLetters.Count, oldestAgeMs, SentTotal, ReceivedTotal, AckedTotal, DeadLetteredTotal, nowMs);
    }

    private long RetentionEnd(QueueMessage message) => message.SentAtMs > long.MaxValue - Options.RetentionMs ? long.MaxValue : message.SentAtMs + Options.RetentionMs;

    /// <summary>A message whose visibility timeout passed: visible again, or dead-lettered if another delivery would exceed the bound.</summary>
    private bool ReturnFromFlight(QueueMessage message)
    {
        message.ReceiveIndex = 0;
        if (message.DeliveryCount >= Options.MaxDeliveries)
        {
            DeadLetter(message);
            return false;
        }

        return MakeVisible(message);
    }

    /// <summary>Moves a message from the main queue to the dead letters in one step: it is never in neither (ADR 0021).</summary>
    private void DeadLetter(QueueMessage message)
    {
        _messages.Remove(message.Id);
        message.State = QueueMessageState.Visible;
        message.VisibleAtMs = 0;
        message.ReceiveIndex = 0;
        _deadLetters.Add(message.Id, message);
        DeadLetteredTotal++;
    }

    /// <summary>Marks the message visible; true (a wake-up is due) if any wait is registered.</summary>
    private bool MakeVisible(QueueMessage message)
    {
        message.State = QueueMessageState.Visible;
        message.VisibleAtMs = 0;
        _visible.Add(message.Id);
        return _waits.Count > 0;
    }

    private void Hide(QueueMessage message, QueueMessageState state, long visibleAtMs)
    {
        message.State = state;
        message.VisibleAtMs = visibleAtMs;
        _hidden.Add((visibleAtMs, message.Id));
    }

    private void Remove(QueueMessage message)
    {
        _messages.Remove(message.Id);
        if (message.State == QueueMessageState.Visible)
        {
            _visible.Remove(message.Id);
        }
        else
        {
            _hidden.Remove((message.VisibleAtMs, message.Id));
        }
    }
}
