using OrleansSync.Grains.Interfaces.Locks;
using OrleansSync.Grains.Raft.StateMachines;

namespace OrleansSync.Grains.Locks;

/// <summary>
/// The <see cref="LockTable"/> as a replicated state machine. A command is
/// <see cref="LockCommandCodec.Encode"/> of a lock command; the result is
/// <see cref="LockWireCodec.EncodeResult"/> of the command's own outcome.
/// </summary>
/// <remarks>
/// Time comes from the session layer (<see cref="ITimedStateMachine"/>): the leader stamps every
/// proposal, so a client's clock never moves lease expiry. Applied outside sessions, a command
/// carries no time and leaves the table's clock where it is.
/// Events for other requests (waiters granted, timed out, aborted; leases expired) are not part of
/// the result — the session layer stores results for retries, and events concern other callers.
/// They collect until the host drains them (<see cref="TakeNotifications"/>, or <see cref="TakeEvents"/>
/// in tests) after each applied batch, to wake whoever waits on this replica.
/// </remarks>
public sealed class LockStateMachine : IExpiringStateMachine, INotifyingStateMachine
{
    /// <summary>Bound on undrained events; a host that never drains is a bug, reported loudly.</summary>
    public const int MaxPendingEvents = 1_000_000;

    private readonly List<LockEvent> _pendingEvents = [];

    public LockStateMachine(int groupId, LockTableOptions options)
    {
        Table = new LockTable(groupId, options);
    }

    /// <summary>The table, for the host's read-only inspection.</summary>
    public LockTable Table { get; }

    public ReadOnlyMemory<byte> Apply(ulong index, ReadOnlyMemory<byte> command) => Apply(index, Table.NowMs, command);

    public long? NextDeadlineMs => Table.NextDeadlineMs;

    public void Expire(ulong index, long committedTimeMs) => Collect(Table.Apply(index, committedTimeMs, new ExpireCommand()));

    public ReadOnlyMemory<byte> Apply(ulong index, long committedTimeMs, ReadOnlyMemory<byte> command)
    {
        LockCommand decoded;
        try
        {
            decoded = LockCommandCodec.Decode(command.Span);
        }
        catch (CommandFormatException exception)
        {
            // Every replica decodes the same bytes the same way, so this answer is deterministic too.
            return LockWireCodec.EncodeResult(LockResult.Fail(LockErrorCode.InvalidArgument, exception.Message));
        }

        var result = Table.Apply(index, committedTimeMs, decoded);
        Collect(result);
        return LockWireCodec.EncodeResult(result);
    }

    private void Collect(LockResult result)
    {
        if (_pendingEvents.Count + result.Events.Count > MaxPendingEvents)
        {
            throw new InvalidOperationException($"More than {MaxPendingEvents} lock events were never drained: the host must call TakeEvents after applying.");
        }

        _pendingEvents.AddRange(result.Events);
    }

    /// <summary>Returns and forgets the events produced since the last call.</summary>
    public IReadOnlyList<LockEvent> TakeEvents()
    {
        var events = _pendingEvents.ToArray();
        _pendingEvents.Clear();
        return events;
    }

    /// <summary>
    /// The pending events of queued requests, keyed by wait id (a wait id is the log index of the
    /// acquire that queued it); lease events are dropped (each wait of the lease has its own event).
    /// </summary>
    public IReadOnlyList<StateMachineNotification> TakeNotifications() =>
        [.. TakeEvents().Where(e => e.WaitId != 0).Select(e => new StateMachineNotification(e.WaitId, LockWireCodec.EncodeEvent(e)))];

    /// <summary>Queued now, or its acquire (at log index <paramref name="key"/>) is not applied yet.</summary>
    public bool MayNotify(ulong key) => key > Table.LastAppliedIndex || Table.IsWaiting(key);

    public ReadOnlyMemory<byte> Query(ReadOnlyMemory<byte> query)
    {
        var cursor = new BinaryCursor(query.Span, "lock query");
        var kind = (LockQueryKind)cursor.ReadByte("kind");
        switch (kind)
        {
            case LockQueryKind.GetLock:
                var name = cursor.ReadString16("lock", LockCommandCodec.MaxStringBytes);
                cursor.ExpectEnd();
                return LockWireCodec.EncodeLockInfo(Table.GetLock(name));
            case LockQueryKind.WaitForEdges:
                cursor.ExpectEnd();
                return LockWireCodec.EncodeEdges([.. Table.GetWaitForEdges()]);
            case LockQueryKind.LeaseExpiry:
                var leaseId = cursor.ReadUInt64("lease");
                cursor.ExpectEnd();
                return new BinaryBuilder(8).Int64(Table.GetLeaseExpiry(leaseId) ?? -1).ToArray();
            case LockQueryKind.LastFencingToken:
                var tokenOf = cursor.ReadString16("lock", LockCommandCodec.MaxStringBytes);
                cursor.ExpectEnd();
                return new BinaryBuilder(8).UInt64(Table.GetLastFencingToken(tokenOf)).ToArray();
            case LockQueryKind.ListLocks:
                var contains = cursor.ReadString16("contains", LockCommandCodec.MaxStringBytes);
                var limit = cursor.ReadUInt32("limit");
                cursor.ExpectEnd();
                return LockWireCodec.EncodeListing(Table.ListLocks(contains, (int)Math.Min(limit, LockTable.MaxListedLocks)));
            default:
                throw cursor.Fail("kind", $"unknown lock query {(byte)kind}");
        }
    }

    public byte[] Snapshot() => Table.Snapshot();

    public void Restore(ReadOnlyMemory<byte> snapshot)
    {
        _pendingEvents.Clear();
        try
        {
            Table.Restore(snapshot.Span);
        }
        catch (InvalidDataException exception)
        {
            throw new CommandFormatException($"Malformed lock table snapshot: {exception.Message}", exception);
        }
    }
}
