using OrleansSync.Grains.Interfaces.Locks;

namespace OrleansSync.Grains.Locks;

/// <summary>
/// The lock state machine of one Raft group: shared/exclusive locks with FIFO queues, leases with
/// TTLs, fencing tokens and wait-for edges for deadlock detection.
/// </summary>
/// <remarks>
/// Pure and deterministic: no clock, thread or I/O. Time is the leader-proposed timestamp carried
/// with each applied command, made monotonic here (a new leader's clock may lag the old one's), so
/// every replica that applies the same commands reaches the same state and the same results.
/// Expiry of leases and waits happens at the start of every command, due or not, and an
/// <see cref="ExpireCommand"/> exists only to carry time when there is no other traffic.
/// Fencing tokens come from one counter per table, so they increase strictly per lock and are
/// never reused, even for two grants caused by the same command.
/// </remarks>
public sealed partial class LockTable
{
    /// <summary>How many recently expired lease ids are remembered to answer <see cref="LockErrorCode.LeaseExpired"/>.</summary>
    internal const int RecentlyExpiredCapacity = 4_096;

    private const int MaxOwnerLength = 256;

    private readonly LockTableOptions _options;
    private readonly SortedDictionary<string, LockState> _locks = new(StringComparer.Ordinal);
    private readonly SortedDictionary<ulong, Lease> _leases = [];
    private readonly SortedSet<(long DueMs, ulong LeaseId)> _leaseDeadlines = [];
    private readonly SortedSet<(long DueMs, ulong WaitId)> _waitDeadlines = [];
    private readonly Dictionary<ulong, string> _lockOfWait = [];
    private readonly Queue<ulong> _recentlyExpired = new();
    private readonly HashSet<ulong> _recentlyExpiredSet = [];
    private ulong _lastAppliedIndex;
    private long _nowMs;
    private ulong _lastFencingToken;

    public LockTable(int groupId, LockTableOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        GroupId = groupId;
        _options = options;
    }

    /// <summary>The Raft group this table belongs to (named in wait-for edges).</summary>
    public int GroupId { get; }

    /// <summary>Index of the last applied command.</summary>
    public ulong LastAppliedIndex => _lastAppliedIndex;

    /// <summary>Table time: the highest command timestamp applied so far (ms).</summary>
    public long NowMs => _nowMs;

    public int LockCount => _locks.Count;

    public int LeaseCount => _leases.Count;

    /// <summary>Applies the command committed at <paramref name="index"/> with the leader's <paramref name="timestampMs"/>.</summary>
    public LockResult Apply(ulong index, long timestampMs, LockCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (index <= _lastAppliedIndex)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"must exceed the last applied index {_lastAppliedIndex}.");
        }

        _lastAppliedIndex = index;
        _nowMs = Math.Max(_nowMs, timestampMs);
        var events = new List<LockEvent>();
        var touched = new SortedSet<string>(StringComparer.Ordinal);
        ExpireDue(events, touched);
        PromoteWaiters(touched, events);
        touched.Clear();

        var result = command switch
        {
            OpenLeaseCommand open => OpenLease(index, open),
            KeepAliveCommand keepAlive => KeepAlive(keepAlive.LeaseId),
            CloseLeaseCommand close => CloseLease(close.LeaseId, events, touched),
            AcquireCommand acquire => Acquire(index, acquire, touched),
            ReleaseCommand release => Release(release, events, touched),
            CancelWaitCommand cancel => CancelWait(cancel, touched),
            AbortWaitCommand abort => AbortWait(abort, events, touched),
            ExpireCommand => new LockResult { Status = LockResultStatus.Ok },
            _ => throw new ArgumentException($"Unknown lock command {command.GetType().Name}.", nameof(command)),
        };
        PromoteWaiters(touched, events);
        AssertInvariants(touched);
        return result with { Events = events };
    }

    /// <summary>The lock's holders, waiters and last token; null if nobody holds or waits on it.</summary>
    public LockInfo? GetLock(string name)
    {
        if (!_locks.TryGetValue(name, out var state))
        {
            return null;
        }

        var holders = state.Holders.Values
            .Select(h => new LockHolderInfo(h.LeaseId, h.Mode, h.HoldCount, h.FencingToken))
            .ToList();
        var waiters = state.Waiters
            .Select(w => new LockWaiterInfo(w.LeaseId, w.WaitId, w.Mode, w.IsUpgrade, w.DeadlineMs, w.WaitingSinceMs))
            .ToList();
        return new LockInfo(name, holders, waiters, state.LastFencingToken);
    }

    /// <summary>The earliest lease or wait deadline (table time, ms), or null if nothing can expire.</summary>
    public long? NextDeadlineMs
    {
        get
        {
            long? lease = _leaseDeadlines.Count > 0 ? _leaseDeadlines.Min.DueMs : null;
            long? wait = _waitDeadlines.Count > 0 ? _waitDeadlines.Min.DueMs : null;
            return lease is { } l && wait is { } w ? Math.Min(l, w) : lease ?? wait;
        }
    }

    /// <summary>Whether the request <paramref name="waitId"/> is still queued (so an event will end it).</summary>
    public bool IsWaiting(ulong waitId) => _lockOfWait.ContainsKey(waitId);

    /// <summary>When the lease expires unless kept alive, or null if there is no such open lease.</summary>
    public long? GetLeaseExpiry(ulong leaseId) => _leases.TryGetValue(leaseId, out var lease) ? lease.ExpiresAtMs : null;

    /// <summary>
    /// Every wait-for edge: a queued request waits for each other holder of its lock and for each
    /// other request ahead of it in the FIFO queue. Edges between leases of the same owner are left
    /// out (an owner does not wait for itself).
    /// </summary>
    public IReadOnlyList<WaitForEdge> GetWaitForEdges()
    {
        var edges = new List<WaitForEdge>();
        foreach (var state in _locks.Values)
        {
            var ahead = new List<Waiter>();
            foreach (var waiter in state.Waiters)
            {
                var waiterOwner = _leases[waiter.LeaseId].Owner;
                foreach (var holding in state.Holders.Values)
                {
                    AddEdge(edges, state, waiter, waiterOwner, _leases[holding.LeaseId].Owner, holding.FencingToken);
                }

                foreach (var earlier in ahead)
                {
                    AddEdge(edges, state, waiter, waiterOwner, _leases[earlier.LeaseId].Owner, earlier.WaitId);
                }

                ahead.Add(waiter);
            }
        }

        return edges;
    }

    private void AddEdge(List<WaitForEdge> edges, LockState state, Waiter waiter, string waiterOwner, string blockerOwner, ulong blockerTag)
    {
        if (waiterOwner != blockerOwner)
        {
            edges.Add(new WaitForEdge(
                GroupId, state.Name, waiterOwner, waiter.LeaseId, waiter.WaitId, waiter.WaitingSinceMs, blockerOwner, blockerTag));
        }
    }

    private LockResult OpenLease(ulong index, OpenLeaseCommand open)
    {
        if (string.IsNullOrEmpty(open.Owner) || open.Owner.Length > MaxOwnerLength)
        {
            return LockResult.Fail(LockErrorCode.InvalidArgument, $"The owner must be 1 to {MaxOwnerLength} characters.");
        }

        if (open.TtlMs < _options.MinLeaseTtlMs || open.TtlMs > _options.MaxLeaseTtlMs)
        {
            return LockResult.Fail(
                LockErrorCode.InvalidArgument,
                $"The lease TTL {open.TtlMs} ms is outside [{_options.MinLeaseTtlMs}, {_options.MaxLeaseTtlMs}] ms.");
        }

        if (_leases.Count >= _options.MaxLeases)
        {
            return LockResult.Fail(LockErrorCode.CapacityExceeded, $"The table already has {_options.MaxLeases} leases.");
        }

        var lease = new Lease(index, open.Owner, open.TtlMs, _nowMs + open.TtlMs);
        _leases.Add(index, lease);
        _leaseDeadlines.Add((lease.ExpiresAtMs, index));
        return new LockResult { Status = LockResultStatus.Ok, LeaseId = index, LeaseExpiresAtMs = lease.ExpiresAtMs };
    }

    private LockResult KeepAlive(ulong leaseId)
    {
        if (!TryGetLease(leaseId, out var lease, out var failure))
        {
            return failure;
        }

        _leaseDeadlines.Remove((lease.ExpiresAtMs, leaseId));
        lease.ExpiresAtMs = _nowMs + lease.TtlMs;
        _leaseDeadlines.Add((lease.ExpiresAtMs, leaseId));
        return new LockResult { Status = LockResultStatus.Ok, LeaseId = leaseId, LeaseExpiresAtMs = lease.ExpiresAtMs };
    }

    private LockResult CloseLease(ulong leaseId, List<LockEvent> events, SortedSet<string> touched)
    {
        if (!TryGetLease(leaseId, out var lease, out var failure))
        {
            return failure;
        }

        RemoveLease(lease, expired: false, events, touched);
        return new LockResult { Status = LockResultStatus.Ok, LeaseId = leaseId };
    }

    private bool TryGetLease(ulong leaseId, out Lease lease, out LockResult failure)
    {
        if (_leases.TryGetValue(leaseId, out lease!))
        {
            failure = null!;
            return true;
        }

        failure = _recentlyExpiredSet.Contains(leaseId)
            ? LockResult.Fail(LockErrorCode.LeaseExpired, $"Lease {leaseId} expired; its locks were released.", leaseId)
            : LockResult.Fail(LockErrorCode.UnknownLease, $"There is no open lease {leaseId}.", leaseId);
        return false;
    }

    private LockResult? ValidateLockName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > _options.MaxLockNameLength || name.Any(char.IsControl))
        {
            return LockResult.Fail(
                LockErrorCode.InvalidLockName,
                $"A lock name must be 1 to {_options.MaxLockNameLength} characters with no control characters.");
        }

        return null;
    }
}
