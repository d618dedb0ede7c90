namespace OrleansSync.Grains.Queues;

/// <summary>
/// The queue state machine of one Raft group: the queues it knows (with their replicated options)
/// and the <see cref="QueuePartition"/>s of them that live in this group.
/// </summary>
/// <remarks>
/// Pure and deterministic: no clock, thread or I/O. Time is the leader-proposed timestamp carried
/// with each applied command, made monotonic here, so every replica that applies the same commands
/// reaches the same state and results. Deadlines (visibility timeouts, delays, retention, dedup
/// windows, long-poll timeouts) run at the start of every command once the earliest is due, and a
/// <see cref="QueueExpireCommand"/> exists only to carry time when there is no other traffic.
/// Message ids come from one counter per table, so they are unique in the group and increase in
/// send order.
/// </remarks>
public sealed partial class QueueTable
{
    public const int MaxQueueNameLength = 80;
    public const int MaxBatchMessages = 100;

    /// <summary>Largest total size of one send batch (bodies and attributes).</summary>
    public const int MaxBatchBytes = 4 * 1024 * 1024;
    public const int MaxReceiveMessages = 10;

    /// <summary>Longest long-poll wait (issue 13: 20 s).</summary>
    public const long MaxWaitMs = 20_000;

    /// <summary>Longest send or nack delay (15 min, as SQS).</summary>
    public const long MaxDelayMs = 15 * 60 * 1000L;
    public const int MaxRedriveMessages = 10_000;
    public const int MaxDedupIdLength = 128;
    public const int MaxAttributeKeyLength = 256;

    private static readonly Comparer<(long DueMs, string Queue, int Partition)> DeadlineOrder = Comparer<(long DueMs, string Queue, int Partition)>.Create(
        (a, b) => a.DueMs != b.DueMs ? a.DueMs.CompareTo(b.DueMs)
            : string.CompareOrdinal(a.Queue, b.Queue) is var byName and not 0 ? byName
            : a.Partition.CompareTo(b.Partition));

    private readonly QueueTableOptions _options;
    private readonly SortedDictionary<string, QueueDefinition> _queues = new(StringComparer.Ordinal);
    private readonly SortedSet<(long DueMs, string Queue, int Partition)> _deadlines = new(DeadlineOrder);
    private readonly Dictionary<(string Queue, int Partition), long> _deadlineOf = [];
    private readonly HashSet<ulong> _waitIds = [];
    private int _partitionObjects;
    private ulong _lastAppliedIndex;
    private long _nowMs;
    private ulong _lastMessageId;

    public QueueTable(QueueTableOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    public ulong LastAppliedIndex => _lastAppliedIndex;

    /// <summary>Table time: the highest command timestamp applied so far (ms).</summary>
    public long NowMs => _nowMs;

    public int QueueCount => _queues.Count;

    /// <summary>The earliest pending deadline in table time, or null if nothing is pending.</summary>
    public long? NextDeadlineMs => _deadlines.Count > 0 ? _deadlines.Min.DueMs : null;

    /// <summary>Whether the long-poll wait <paramref name="waitId"/> is still registered (so a notification will end it).</summary>
    public bool IsWaiting(ulong waitId) => _waitIds.Contains(waitId);

    /// <summary>Applies the command committed at <paramref name="index"/> with the leader's <paramref name="timestampMs"/>.</summary>
    public QueueResult Apply(ulong index, long timestampMs, QueueCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (index <= _lastAppliedIndex)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"must exceed the last applied index {_lastAppliedIndex}.");
        }

        _lastAppliedIndex = index;
        _nowMs = Math.Max(_nowMs, timestampMs);
        var events = new List<QueueWaitEvent>();
        ExpireDue(events);
        var result = command switch
        {
            CreateQueueCommand create => CreateQueue(create),
            DeleteQueueCommand delete => DeleteQueue(delete.Queue, events),
            SendCommand send => Send(send, events),
            ReceiveCommand receive => Receive(index, receive),
            AckCommand ack => Settle(ack.Queue, ack.Receipt, (partition, message) => Ack(partition, message)),
            AckBatchCommand batch => AckBatch(batch),
            NackCommand nack => Nack(nack, events),
            ExtendCommand extend => Extend(extend),
            PurgeCommand purge => Purge(purge),
            RedriveCommand redrive => Redrive(redrive, events),
            QueueExpireCommand => QueueResult.Ok(),
            _ => throw new ArgumentException($"Unknown queue command {command.GetType().Name}.", nameof(command)),
        };
        foreach (var ended in events)
        {
            _waitIds.Remove(ended.WaitId);
        }

        return result with { Events = events };
    }

    /// <summary>The queue's replicated options, or null if this group does not know it.</summary>
    public QueueOptions? GetOptions(string queue) => _queues.TryGetValue(queue, out var definition) ? definition.Options : null;

    /// <summary>One partition's stats; null if the queue is unknown or the partition out of range (an unused partition has empty stats).</summary>
    public QueueStats? GetStats(string queue, int partition)
    {
        if (!_queues.TryGetValue(queue, out var definition) || partition < 0 || partition >= definition.Options.Partitions)
        {
            return null;
        }

        return definition.Partitions.TryGetValue(partition, out var found) ? found.Stats(_nowMs) : QueueStats.Empty(_nowMs);
    }

    /// <summary>Every queue this group knows, by name, with the stats of each of its partitions used here (the others are empty).</summary>
    public QueueGroupListing Listing() => new(
        _nowMs,
        [.. _queues.Values.Select(d => new QueueListingEntry(
            d.Name, d.Options.Partitions, [.. d.Partitions.Select(p => new QueuePartitionStats(p.Key, p.Value.Stats(_nowMs)))]))]);

    /// <summary>The partition object, if it has been used in this group.</summary>
    public QueuePartition? FindPartition(string queue, int partition) =>
        _queues.TryGetValue(queue, out var definition) && definition.Partitions.TryGetValue(partition, out var found) ? found : null;

    /// <summary>Null if <paramref name="name"/> is a valid queue name of at most <paramref name="maxLength"/> characters, else the problem.</summary>
    public static string? ValidateName(string? name, int maxLength = MaxQueueNameLength) =>
        string.IsNullOrEmpty(name) || name.Length > maxLength || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? $"a queue name must be 1 to {maxLength} characters of A-Z, a-z, 0-9, '-', '_' and '.'"
            : null;

    private void ExpireDue(List<QueueWaitEvent> events)
    {
        while (_deadlines.Count > 0 && _deadlines.Min.DueMs <= _nowMs)
        {
            var (_, queue, number) = _deadlines.Min;
            var partition = _queues[queue].Partitions[number];
            partition.ExpireDue(_nowMs, events);
            Reschedule(queue, partition);
        }
    }

    /// <summary>Files the partition under its current next deadline (call after anything that may change it).</summary>
    private void Reschedule(string queue, QueuePartition partition)
    {
        Unschedule(queue, partition.Number);
        if (partition.NextDeadlineMs is { } dueMs)
        {
            _deadlines.Add((dueMs, queue, partition.Number));
            _deadlineOf.Add((queue, partition.Number), dueMs);
        }
    }

    private void Unschedule(string queue, int number)
    {
        if (_deadlineOf.Remove((queue, number), out var previous))
        {
            _deadlines.Remove((previous, queue, number));
        }
    }

    private QueueResult CreateQueue(CreateQueueCommand create)
    {
        if (ValidateName(create.Queue) is { } badName)
        {
            return QueueResult.Fail(QueueErrorCode.InvalidArgument, badName);
        }

        var options = create.Options.Resolve(create.Queue);
        if (options.Validate() is { } badOptions)
        {
            return QueueResult.Fail(QueueErrorCode.InvalidArgument, badOptions);
        }

        if (options.DeadLetterQueue == create.Queue)
        {
            return QueueResult.Fail(QueueErrorCode.InvalidArgument, "a queue cannot be its own dead-letter queue");
        }

        if (_queues.TryGetValue(create.Queue, out var existing))
        {
            return existing.Options == options
                ? new QueueResult { Status = QueueResultStatus.Ok, Count = 0 }
                : QueueResult.Fail(QueueErrorCode.QueueAlreadyExists, $"queue '{create.Queue}' exists with different options");
        }

        if (_queues.Count >= _options.MaxQueues)
        {
            return QueueResult.Fail(QueueErrorCode.CapacityExceeded, $"this group already has {_options.MaxQueues} queues");
        }

        _queues.Add(create.Queue, new QueueDefinition(create.Queue, options));
        return new QueueResult { Status = QueueResultStatus.Ok, Count = 1 };
    }

    private QueueResult DeleteQueue(string queue, List<QueueWaitEvent> events)
    {
        if (!_queues.Remove(queue, out var definition))
        {
            return NotFound(queue);
        }

        foreach (var partition in definition.Partitions.Values)
        {
            partition.EndWaits(QueueWaitEndReason.QueueDeleted, events);
            Unschedule(queue, partition.Number);
        }

        _partitionObjects -= definition.Partitions.Count;
        return QueueResult.Ok();
    }

    private static QueueResult NotFound(string queue) => QueueResult.Fail(QueueErrorCode.QueueNotFound, $"there is no queue '{queue}'");

    /// <summary>Finds the queue and checks the partition number; on failure <paramref name="failure"/> says why.</summary>
    private bool TryGetQueue(string queue, int partition, out QueueDefinition definition, out QueueResult failure)
    {
        failure = null!;
        if (!_queues.TryGetValue(queue, out definition!))
        {
            failure = NotFound(queue);
            return false;
        }

        if (partition < 0 || partition >= definition.Options.Partitions)
        {
            failure = QueueResult.Fail(QueueErrorCode.InvalidArgument, $"partition {partition} is outside 0..{definition.Options.Partitions - 1} of '{queue}'");
            return false;
        }

        return true;
    }

    private bool TryGetOrCreatePartition(QueueDefinition definition, int number, out QueuePartition partition, out QueueResult failure)
    {
        failure = null!;
        if (definition.Partitions.TryGetValue(number, out partition!))
        {
            return true;
        }

        if (_partitionObjects >= _options.MaxPartitionObjects)
        {
            failure = QueueResult.Fail(QueueErrorCode.CapacityExceeded, $"this group already holds {_options.MaxPartitionObjects} partitions");
            return false;
        }

        partition = new QueuePartition(number, definition.Options);
        definition.Partitions.Add(number, partition);
        _partitionObjects++;
        return true;
    }
}
