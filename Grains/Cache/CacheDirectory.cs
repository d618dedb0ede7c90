using OrleansSync.Grains.Interfaces.Cache;
using OrleansSync.Grains.Raft.StateMachines;

namespace OrleansSync.Grains.Cache;

/// <summary>
/// The coherence directory of one Raft group: per key the committed value ("memory"), its
/// version and TTL, the owner (E or M) or the sharers (S) with their grants and leases, and at
/// most one pending operation (a write invalidating copies, a recall downgrading the owner, a TTL
/// delete) with the fills and writes queued behind it. See docs/protocols/cache.md.
/// </summary>
/// <remarks>
/// Pure and deterministic: no clock, thread or I/O. Time is the committed time the session layer
/// hands in with each command (<see cref="ITimedStateMachine"/>), kept monotonic here. Leases,
/// pending-operation deadlines and TTLs due at or before it expire at the start of every command;
/// an <see cref="CacheExpireCommand"/> (the leader's <see cref="IExpiringStateMachine.Expire"/>)
/// only brings time in. A fill or write that cannot finish at once answers
/// <see cref="CacheResultStatus.Waiting"/>; its outcome is a notification keyed by the log index of
/// the command (<see cref="TakeNotifications"/>). Invalidations to send are drained with
/// <see cref="TakeInvalidations"/>. The single-writer rule is asserted after every command.
/// </remarks>
internal sealed partial class CacheDirectory : IExpiringStateMachine, INotifyingStateMachine
{
    /// <summary>Bound on undrained notifications and invalidations; a host that never drains is a bug, reported loudly.</summary>
    public const int MaxUndrained = 1_000_000;

    private readonly CacheDirectoryOptions _options;
    private readonly SortedDictionary<string, CacheEntry> _entries = new(StringComparer.Ordinal);
    private readonly SortedSet<(long DueMs, string Key)> _deadlines = new(DeadlineComparer.Instance);
    private readonly Dictionary<string, long> _deadlineOfKey = new(StringComparer.Ordinal);
    private readonly HashSet<ulong> _waitIds = [];
    private readonly List<StateMachineNotification> _notifications = [];
    private readonly List<CacheInvalidation> _invalidations = [];
    private ulong _lastAppliedIndex;
    private long _nowMs;
    private ulong _lastVersion;
    private long _totalValueBytes;

    public CacheDirectory(CacheDirectoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    public CacheDirectoryOptions Options => _options;

    public ulong LastAppliedIndex => _lastAppliedIndex;

    /// <summary>Directory time: the highest committed time applied so far (ms).</summary>
    public long NowMs => _nowMs;

    /// <summary>Keys with a value, a holder or work.</summary>
    public int KeyCount => _entries.Count;

    public long TotalValueBytes => _totalValueBytes;

    /// <summary>The earliest lease end, pending-operation deadline or TTL (directory time), or null.</summary>
    public long? NextDeadlineMs => _deadlines.Count > 0 ? _deadlines.Min.DueMs : null;

    public ReadOnlyMemory<byte> Apply(ulong index, ReadOnlyMemory<byte> command) => Apply(index, _nowMs, command);

    public ReadOnlyMemory<byte> Apply(ulong index, long committedTimeMs, ReadOnlyMemory<byte> command)
    {
        CacheCommand decoded;
        try
        {
            decoded = CacheCommandCodec.Decode(command.Span);
        }
        catch (CommandFormatException exception)
        {
            // Every replica decodes the same bytes the same way; the index still counts as applied.
            Apply(index, committedTimeMs, new CacheExpireCommand());
            return CacheResultCodec.Encode(CacheResult.Fail(CacheErrorCode.InvalidArgument, exception.Message));
        }

        return CacheResultCodec.Encode(Apply(index, committedTimeMs, decoded));
    }

    public void Expire(ulong index, long committedTimeMs) => Apply(index, committedTimeMs, new CacheExpireCommand());

    /// <summary>Applies the command committed at <paramref name="index"/> with committed time <paramref name="committedTimeMs"/>.</summary>
    public CacheResult Apply(ulong index, long committedTimeMs, CacheCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (index <= _lastAppliedIndex)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"must exceed the last applied index {_lastAppliedIndex}.");
        }

        _lastAppliedIndex = index;
        _nowMs = Math.Max(_nowMs, committedTimeMs);
        var touched = new SortedSet<string>(StringComparer.Ordinal);
        ExpireDue(touched);
        var result = command switch
        {
            CacheFillCommand fill => Fill(index, fill, touched),
            CacheWriteCommand write => Write(index, write, touched),
            CacheAckCommand ack => Ack(ack, touched),
            CacheRenewCommand renew => Renew(renew),
            CacheEvictCommand evict => Evict(evict, touched),
            CacheWriteBackCommand writeBack => WriteBack(writeBack, touched),
            CacheExpireCommand => CacheResult.Ok,
            _ => CacheResult.Fail(CacheErrorCode.InvalidArgument, $"Unknown cache command {command.GetType().Name}."),
        };
        foreach (var key in touched)
        {
            Finish(key);
        }

        return result;
    }

    public IReadOnlyList<StateMachineNotification> TakeNotifications()
    {
        var taken = _notifications.ToArray();
        _notifications.Clear();
        return taken;
    }

    /// <summary>Returns and forgets the invalidations produced since the last call, in the order they arose.</summary>
    public IReadOnlyList<CacheInvalidation> TakeInvalidations()
    {
        var taken = _invalidations.ToArray();
        _invalidations.Clear();
        return taken;
    }

    /// <summary>Every invalidation still unacknowledged, to resend (streams are at most once; a new leader resends all).</summary>
    public IReadOnlyList<CacheInvalidation> PendingInvalidations() =>
        [.. _entries.Values
            .Where(e => e.Pending is not null)
            .SelectMany(e => e.Pending!.Waiting.Keys.Select(silo =>
                new CacheInvalidation(silo, e.Key, e.Pending.OperationIndex, e.Pending.Kind == CachePendingKind.Recall)))];

    /// <summary>Whether the fill or write at log index <paramref name="key"/> waits for its outcome now.</summary>
    internal bool IsWaiting(ulong key) => _waitIds.Contains(key);

    /// <summary>Waiting now, or the command at log index <paramref name="key"/> is not applied yet.</summary>
    public bool MayNotify(ulong key) => key > _lastAppliedIndex || _waitIds.Contains(key);

    /// <summary>The directory's view of <paramref name="key"/>; an unknown key is reported absent with no holders.</summary>
    public CacheEntryInfo GetEntry(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!_entries.TryGetValue(key, out var entry))
        {
            return new CacheEntryInfo(key, false, 0, 0, [], 0, [], 0);
        }

        var holders = new List<CacheHolderInfo>();
        if (entry.Owner is { } owner)
        {
            holders.Add(new CacheHolderInfo(owner.Silo, entry.OwnerState, owner.GrantIndex, owner.LeaseEndMs));
        }

        holders.AddRange(entry.Sharers.Values.Select(s => new CacheHolderInfo(s.Silo, CacheLineState.Shared, s.GrantIndex, s.LeaseEndMs)));
        return new CacheEntryInfo(
            key,
            entry.Exists,
            entry.Version,
            entry.ExpiresAtMs,
            holders,
            entry.Pending?.OperationIndex ?? 0,
            entry.Pending is { } pending ? [.. pending.Waiting.Keys] : [],
            entry.Queue.Count);
    }

    /// <summary>The committed value of <paramref name="key"/> (null if absent), without granting anything.</summary>
    public (byte[]? Value, ulong Version) Peek(string key) =>
        _entries.TryGetValue(key, out var entry) ? (entry.Value, entry.Version) : (null, 0);

    /// <summary>Every key the directory knows, in ordinal order (for inspection and checkers).</summary>
    public IEnumerable<string> Keys => _entries.Keys;

    public ReadOnlyMemory<byte> Query(ReadOnlyMemory<byte> query)
    {
        var cursor = new BinaryCursor(query.Span, "cache query");
        var kind = (CacheQueryKind)cursor.ReadByte("kind");
        switch (kind)
        {
            case CacheQueryKind.GetEntry:
                var key = cursor.ReadString16("key", CacheDirectoryOptions.CodecMaxKeyBytes);
                cursor.ExpectEnd();
                return CacheResultCodec.EncodeEntryInfo(GetEntry(key));
            default:
                throw cursor.Fail("kind", $"unknown cache query {(byte)kind}");
        }
    }

    private void ExpireDue(SortedSet<string> touched)
    {
        // Bounded: each due key is settled once; settling moves its deadline past now or drops it.
        var due = _deadlines.TakeWhile(d => d.DueMs <= _nowMs).Select(d => d.Key).ToList();
        foreach (var key in due)
        {
            touched.Add(key);
            Finish(key);
        }
    }

    private void Finish(string key)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            return;
        }

        Settle(entry);
        AssertInvariants(entry);
        RefreshDeadline(entry);
        if (entry.IsIdle)
        {
            _entries.Remove(key);
        }
    }

    private void RefreshDeadline(CacheEntry entry)
    {
        if (_deadlineOfKey.Remove(entry.Key, out var old))
        {
            _deadlines.Remove((old, entry.Key));
        }

        if (entry.IsIdle)
        {
            return;
        }

        long? due = null;
        void Consider(long ms) => due = due is { } d ? Math.Min(d, ms) : ms;
        if (entry.Owner is { } owner)
        {
            Consider(owner.LeaseEndMs);
        }

        foreach (var sharer in entry.Sharers.Values)
        {
            Consider(sharer.LeaseEndMs);
        }

        if (entry.Pending is { } pending)
        {
            foreach (var waiting in pending.Waiting.Values)
            {
                Consider(waiting.LeaseEndMs);
            }
        }
        else if (entry.Exists && entry.ExpiresAtMs > 0)
        {
            Consider(entry.ExpiresAtMs);
        }

        if (due is { } dueMs)
        {
            _deadlineOfKey[entry.Key] = dueMs;
            _deadlines.Add((dueMs, entry.Key));
        }
    }

    private void Notify(ulong waitId, CacheResult result)
    {
        if (_notifications.Count >= MaxUndrained)
        {
            throw new InvalidOperationException($"More than {MaxUndrained} cache notifications were never drained: the host must call TakeNotifications after applying.");
        }

        _waitIds.Remove(waitId);
        _notifications.Add(new StateMachineNotification(waitId, CacheResultCodec.Encode(result with { WaitId = waitId })));
    }

    private void Invalidate(string silo, CacheEntry entry, ulong operationIndex, bool downgrade)
    {
        if (_invalidations.Count >= MaxUndrained)
        {
            throw new InvalidOperationException($"More than {MaxUndrained} cache invalidations were never drained: the host must call TakeInvalidations after applying.");
        }

        _invalidations.Add(new CacheInvalidation(silo, entry.Key, operationIndex, downgrade));
    }

    /// <summary>The single-writer rule and the structural rules the protocol relies on; a violation is a bug, so it throws.</summary>
    private void AssertInvariants(CacheEntry entry)
    {
        Assert(entry.Owner is null || entry.Sharers.Count == 0, entry, "an owner (E or M) beside sharers");
        Assert((entry.Owner is null) == (entry.OwnerState == CacheLineState.Invalid), entry, "owner state does not match the owner");
        Assert(entry.OwnerState != CacheLineState.Shared, entry, "an owner in state S");
        Assert(entry.HolderCount <= _options.MaxHoldersPerKey, entry, "more holders than allowed");
        Assert(entry.Exists == (entry.Version > 0), entry, "a value without a version, or a version without a value");
        Assert(entry.Pending is not null || entry.Queue.Count == 0, entry, "requests queued behind nothing");
        Assert(entry.Queue.Count <= _options.MaxQueuedPerKey, entry, "more queued requests than allowed");
        if (entry.Pending is { } pending)
        {
            Assert(pending.Waiting.Count > 0, entry, "a pending operation that waits for nobody");
            Assert(pending.Kind == CachePendingKind.Recall || entry.HolderCount == 0, entry, "a copy granted while a write invalidates");
            Assert(pending.Kind != CachePendingKind.Recall || (entry.Owner is { } o && pending.Waiting.ContainsKey(o.Silo)), entry, "a recall without its owner");
        }
    }

    private static void Assert(bool condition, CacheEntry entry, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"Cache invariant violated on key '{entry.Key}': {what}.");
        }
    }
}
