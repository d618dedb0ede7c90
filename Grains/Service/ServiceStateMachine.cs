using OrleansSync.Grains.Cache;
using OrleansSync.Grains.Locks;
using OrleansSync.Grains.Queues;
using OrleansSync.Grains.Raft.StateMachines;

namespace OrleansSync.Grains.Service;

/// <summary>
/// What every Raft group replicates: its share of the locks, of the queue partitions and of the
/// cache directory, side by side. A command or query starts with its <see cref="ServiceKind"/>
/// (<see cref="ServiceEnvelope"/>) and goes to that primitive alone; results are the primitive's own.
/// </summary>
/// <remarks>
/// One kind of group rather than one per primitive: a silo runs one set of peers, WALs and
/// timers, consistent hashing maps lock names, queue partitions and cache keys over the same
/// groups, and each group's fsyncs and heartbeats are shared by all three (ADR 0014).
/// Notification keys are log indexes, unique across the primitives, so a waiter's key says
/// nothing about its kind and the host needs no routing for them. Deterministic and
/// single-threaded like its parts.
/// </remarks>
public sealed class ServiceStateMachine : IExpiringStateMachine, INotifyingStateMachine
{
    private const byte SnapshotVersion = 1;
    private ulong _lastAppliedIndex;

    public ServiceStateMachine(int group, ServiceStateMachineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Locks = new LockStateMachine(group, options.Locks);
        Queues = new QueueStateMachine(options.Queues);
        Cache = new CacheDirectory(options.Cache);
    }

    public LockStateMachine Locks { get; }

    public QueueStateMachine Queues { get; }

    internal CacheDirectory Cache { get; }

    public long? NextDeadlineMs => Earliest(Earliest(Locks.NextDeadlineMs, Queues.NextDeadlineMs), Cache.NextDeadlineMs);

    public ReadOnlyMemory<byte> Apply(ulong index, ReadOnlyMemory<byte> command)
    {
        if (!TryOpen(index, command, out var kind, out var payload))
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        return kind switch
        {
            ServiceKind.Locks => Locks.Apply(index, payload),
            ServiceKind.Queues => Queues.Apply(index, payload),
            _ => Cache.Apply(index, payload),
        };
    }

    public ReadOnlyMemory<byte> Apply(ulong index, long committedTimeMs, ReadOnlyMemory<byte> command)
    {
        if (!TryOpen(index, command, out var kind, out var payload))
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        return kind switch
        {
            ServiceKind.Locks => Locks.Apply(index, committedTimeMs, payload),
            ServiceKind.Queues => Queues.Apply(index, committedTimeMs, payload),
            _ => Cache.Apply(index, committedTimeMs, payload),
        };
    }

    /// <summary>Expires what is due in each primitive; one whose next deadline is later is left alone.</summary>
    public void Expire(ulong index, long committedTimeMs)
    {
        _lastAppliedIndex = Math.Max(_lastAppliedIndex, index);
        if (Locks.NextDeadlineMs <= committedTimeMs)
        {
            Locks.Expire(index, committedTimeMs);
        }

        if (Queues.NextDeadlineMs <= committedTimeMs)
        {
            Queues.Expire(index, committedTimeMs);
        }

        if (Cache.NextDeadlineMs <= committedTimeMs)
        {
            Cache.Expire(index, committedTimeMs);
        }
    }

    public IReadOnlyList<StateMachineNotification> TakeNotifications() =>
        [.. Locks.TakeNotifications(), .. Queues.TakeNotifications(), .. Cache.TakeNotifications()];

    /// <summary>
    /// The command at <paramref name="key"/> is not applied yet, or it started a wait that is still
    /// pending in its primitive. (Each part's own <see cref="INotifyingStateMachine.MayNotify"/>
    /// would answer yes for any index past the last command of its own kind.)
    /// </summary>
    public bool MayNotify(ulong key) =>
        key > _lastAppliedIndex || Locks.Table.IsWaiting(key) || Queues.Table.IsWaiting(key) || Cache.IsWaiting(key);

    public ReadOnlyMemory<byte> Query(ReadOnlyMemory<byte> query)
    {
        var (kind, payload) = ServiceEnvelope.Open(query);
        return kind switch
        {
            ServiceKind.Locks => Locks.Query(payload),
            ServiceKind.Queues => Queues.Query(payload),
            _ => Cache.Query(payload),
        };
    }

    public byte[] Snapshot() => new BinaryBuilder()
        .Byte(SnapshotVersion)
        .UInt64(_lastAppliedIndex)
        .Bytes32(Locks.Snapshot())
        .Bytes32(Queues.Snapshot())
        .Bytes32(Cache.Snapshot())
        .ToArray();

    public void Restore(ReadOnlyMemory<byte> snapshot)
    {
        var cursor = new BinaryCursor(snapshot.Span, "service snapshot");
        var version = cursor.ReadByte("version");
        if (version != SnapshotVersion)
        {
            throw cursor.Fail("version", $"unknown service snapshot version {version}");
        }

        var lastApplied = cursor.ReadUInt64("last applied index");
        var locks = cursor.ReadBytes32("locks", snapshot.Length).ToArray();
        var queues = cursor.ReadBytes32("queues", snapshot.Length).ToArray();
        var cache = cursor.ReadBytes32("cache", snapshot.Length).ToArray();
        cursor.ExpectEnd();
        Locks.Restore(locks);
        Queues.Restore(queues);
        Cache.Restore(cache);
        _lastAppliedIndex = lastApplied;
    }

    /// <summary>
    /// Opens the envelope; a command of no known service is answered with an empty result (our
    /// clients never send one), the same on every replica, and still counts as applied.
    /// </summary>
    private bool TryOpen(ulong index, ReadOnlyMemory<byte> command, out ServiceKind kind, out ReadOnlyMemory<byte> payload)
    {
        _lastAppliedIndex = Math.Max(_lastAppliedIndex, index);
        try
        {
            (kind, payload) = ServiceEnvelope.Open(command);
            return true;
        }
        catch (CommandFormatException)
        {
            kind = default;
            payload = default;
            return false;
        }
    }

    private static long? Earliest(long? first, long? second) =>
        first is { } a && second is { } b ? Math.Min(a, b) : first ?? second;
}
