using OrleansSync.Grains.Raft.StateMachines;

namespace OrleansSync.Grains.Queues;

/// <summary>
/// The <see cref="QueueTable"/> of one Raft group as a replicated state machine, hosting many queue
/// partitions. A command is <see cref="QueueCommandCodec.Encode"/> of a queue command; the result is
/// <see cref="QueueWireCodec.EncodeResult"/> of the command's own outcome.
/// </summary>
/// <remarks>
/// Time comes from the session layer (<see cref="ITimedStateMachine"/>): the leader stamps every
/// proposal, and proposes an expiry once <see cref="NextDeadlineMs"/> has passed on its clock, so
/// no replica's clock ever moves visibility, delays, retention, dedup windows or long-poll timeouts.
/// Long-poll waits end by notification, keyed by the log index of the receive that started them
/// (as lock waits are), so a host answers the waiting caller instead of polling; the caller then
/// receives again. Notifications are not part of results (the session layer stores results for retries).
/// </remarks>
public sealed class QueueStateMachine : IExpiringStateMachine, INotifyingStateMachine
{
    /// <summary>Bound on undrained events; a host that never drains is a bug, reported loudly.</summary>
    public const int MaxPendingEvents = 1_000_000;

    private readonly List<QueueWaitEvent> _pendingEvents = [];

    public QueueStateMachine(QueueTableOptions options)
    {
        Table = new QueueTable(options);
    }

    /// <summary>The table, for the host's read-only inspection.</summary>
    public QueueTable Table { get; }

    public long? NextDeadlineMs => Table.NextDeadlineMs;

    public ReadOnlyMemory<byte> Apply(ulong index, ReadOnlyMemory<byte> command) => Apply(index, Table.NowMs, command);

    public void Expire(ulong index, long committedTimeMs) => Collect(Table.Apply(index, committedTimeMs, new QueueExpireCommand()));

    public ReadOnlyMemory<byte> Apply(ulong index, long committedTimeMs, ReadOnlyMemory<byte> command)
    {
        QueueCommand decoded;
        try
        {
            decoded = QueueCommandCodec.Decode(command.Span);
        }
        catch (CommandFormatException exception)
        {
            // Every replica decodes the same bytes the same way, so this answer is deterministic too;
            // the index is still consumed, so the table's clock and last index move like for any command.
            var consumed = Table.Apply(index, committedTimeMs, new QueueExpireCommand());
            Collect(consumed);
            return QueueWireCodec.EncodeResult(QueueResult.Fail(QueueErrorCode.InvalidArgument, exception.Message));
        }

        var result = Table.Apply(index, committedTimeMs, decoded);
        Collect(result);
        return QueueWireCodec.EncodeResult(result);
    }

    /// <summary>Returns and forgets the wait events produced since the last call.</summary>
    public IReadOnlyList<QueueWaitEvent> TakeEvents()
    {
        var events = _pendingEvents.ToArray();
        _pendingEvents.Clear();
        return events;
    }

    public IReadOnlyList<StateMachineNotification> TakeNotifications() =>
        [.. TakeEvents().Select(e => new StateMachineNotification(e.WaitId, QueueWireCodec.EncodeWaitEvent(e)))];

    /// <summary>Waiting now, or the receive at log index <paramref name="key"/> is not applied yet.</summary>
    public bool MayNotify(ulong key) => key > Table.LastAppliedIndex || Table.IsWaiting(key);

    public ReadOnlyMemory<byte> Query(ReadOnlyMemory<byte> query)
    {
        var cursor = new BinaryCursor(query.Span, "queue query");
        var kind = (QueueQueryKind)cursor.ReadByte("kind");
        switch (kind)
        {
            case QueueQueryKind.Stats:
                var queue = QueueCommandCodec.ReadName(ref cursor, "queue");
                var partition = QueueCommandCodec.ReadInt(ref cursor, "partition");
                cursor.ExpectEnd();
                return QueueWireCodec.EncodeStats(Table.GetStats(queue, partition));
            case QueueQueryKind.Options:
                var name = QueueCommandCodec.ReadName(ref cursor, "queue");
                cursor.ExpectEnd();
                return QueueWireCodec.EncodeOptions(Table.GetOptions(name));
            case QueueQueryKind.Listing:
                cursor.ExpectEnd();
                return QueueWireCodec.EncodeListing(Table.Listing());
            default:
                throw cursor.Fail("kind", $"unknown queue query {(byte)kind}");
        }
    }

    public byte[] Snapshot() => Table.Snapshot();

    public void Restore(ReadOnlyMemory<byte> snapshot)
    {
        _pendingEvents.Clear();
        Table.Restore(snapshot.Span);
    }

    private void Collect(QueueResult result)
    {
        if (_pendingEvents.Count + result.Events.Count > MaxPendingEvents)
        {
            throw new InvalidOperationException($"More than {MaxPendingEvents} queue events were never drained: the host must call TakeNotifications after applying.");
        }

        _pendingEvents.AddRange(result.Events);
    }
}
