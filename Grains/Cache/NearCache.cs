using OrleansSync.Grains.Raft.StateMachines;

namespace OrleansSync.Grains.Cache;

/// <summary>
/// One silo's cache of lines in M, E or S (I = absent), LRU-bounded by entry count and by bytes.
/// A pure model: the host passes its local clock (ms) into every call and carries out what the
/// calls return (acks, renewals, evictions, write-backs); nothing here sends or reads a clock.
/// </summary>
/// <remarks>
/// A line is live while <c>localNow &lt; requestSentLocal + lease - DriftAllowanceMs</c>; a read
/// of a lapsed line drops it and misses. An invalidation drops (or, for a recall, downgrades) any
/// line granted before its operation and fences in-flight fills and writes of the key, so a reply
/// it overtook cannot install a stale copy. Not thread-safe: the host calls it from one turn at a time.
/// </remarks>
internal sealed class NearCache
{
    private readonly NearCacheOptions _options;
    private readonly Dictionary<string, LinkedListNode<NearCacheLine>> _lines = new(StringComparer.Ordinal);
    private readonly LinkedList<NearCacheLine> _recency = new();
    private readonly Dictionary<ulong, NearCacheRequest> _inFlight = [];
    private readonly List<NearCacheEviction> _evictions = [];
    private ulong _lastRequestId;
    private long _bytes;
    private readonly INearCacheLineObserver? _observer;
    private NearCacheStats _counters = new();

    public NearCache(string silo, NearCacheOptions options, INearCacheLineObserver? observer = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(silo);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Silo = silo;
        _options = options;
        _observer = observer;
    }

    public string Silo { get; }

    public NearCacheOptions Options => _options;

    public int Count => _lines.Count;

    public long Bytes => _bytes;

    public int InFlightCount => _inFlight.Count;

    /// <summary>Recalls so far (E or M downgraded to S), without the cost of <see cref="Stats"/>.</summary>
    public long Recalls => _counters.Recalls;

    /// <summary>Serves <paramref name="key"/> from a live line (a hit renews nothing by itself but marks the line used), or misses.</summary>
    public NearCacheRead Read(string key, long nowLocalMs)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!_lines.TryGetValue(key, out var node))
        {
            _counters = _counters with { Misses = _counters.Misses + 1 };
            return NearCacheRead.Miss;
        }

        var line = node.Value;
        if (nowLocalMs >= line.LiveUntilLocalMs)
        {
            _counters = _counters with { Misses = _counters.Misses + 1, LapsedReads = _counters.LapsedReads + 1 };
            Evict(node, NearCacheEvictionReason.Lapsed);
            return NearCacheRead.Miss;
        }

        Touch(node);
        _counters = _counters with { Hits = _counters.Hits + 1 };
        return new NearCacheRead(true, line.Value is not null, line.Value, line.Version, line.State);
    }

    /// <summary>
    /// Counts <paramref name="hits"/> served from a mirror of these lines (the host's read view,
    /// <see cref="INearCacheLineObserver"/>) and marks <paramref name="usedKeys"/> used, as
    /// <see cref="Read"/> would have: LRU order, and renewal by use.
    /// </summary>
    public void CountMirroredHits(long hits, IEnumerable<string> usedKeys)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(hits);
        ArgumentNullException.ThrowIfNull(usedKeys);
        _counters = _counters with { Hits = _counters.Hits + hits };
        foreach (var key in usedKeys)
        {
            if (_lines.TryGetValue(key, out var node))
            {
                Touch(node);
            }
        }
    }

    /// <summary>The state of this silo's copy now: <see cref="CacheLineState.Invalid"/> when absent or lapsed.</summary>
    public CacheLineState StateOf(string key, long nowLocalMs) =>
        _lines.TryGetValue(key, out var node) && nowLocalMs < node.Value.LiveUntilLocalMs ? node.Value.State : CacheLineState.Invalid;

    /// <summary>Every live line (key, state, version), most recently used first.</summary>
    public IReadOnlyList<(string Key, CacheLineState State, ulong Version)> LiveLines(long nowLocalMs) =>
        [.. _recency.Where(l => nowLocalMs < l.LiveUntilLocalMs).Select(l => (l.Key, l.State, l.Version))];

    /// <summary>Keys from most to least recently used (live or not).</summary>
    public IReadOnlyList<string> KeysByRecency() => [.. _recency.Select(l => l.Key)];

    /// <summary>Starts a fill after a miss; null when too many requests are in flight (the caller reads without caching).</summary>
    public ulong? BeginFill(string key, long nowLocalMs) => Begin(key, NearCacheRequestKind.Fill, nowLocalMs, null);

    /// <summary>
    /// Starts a put (<paramref name="value"/>) or delete (null) through the directory: this
    /// silo's own copy is dropped now, and earlier fills and writes of the key in flight will not
    /// install theirs, so nothing here serves an older value once the write may have completed.
    /// Null when too many requests are in flight.
    /// </summary>
    public ulong? BeginWrite(string key, byte[]? value, long nowLocalMs)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_inFlight.Count >= _options.MaxInFlightRequests)
        {
            return null;
        }

        // The directory forgets this silo's copy when it applies the write, so no earlier fill or
        // write of the key may install a copy once this write is sent (their replies can arrive in any order).
        foreach (var earlier in _inFlight.Values.Where(r => r.Key == key && r.Kind != NearCacheRequestKind.Renewal))
        {
            earlier.FenceIndex = ulong.MaxValue;
            earlier.FenceDrops = true;
        }

        if (_lines.TryGetValue(key, out var node))
        {
            Remove(node);
        }

        return Begin(key, NearCacheRequestKind.Write, nowLocalMs, value);
    }

    /// <summary>Forgets a request whose reply will never be fed in (timed out, or the caller gave up).</summary>
    public void Abandon(ulong requestId)
    {
        if (_inFlight.Remove(requestId, out var request) && request.Kind == NearCacheRequestKind.Renewal
            && _lines.TryGetValue(request.Key, out var node) && node.Value.RenewalRequestId == requestId)
        {
            node.Value.RenewalRequestId = 0;
        }
    }

    /// <summary>Feeds the directory's answer to a fill (directly or by notification).</summary>
    public void CompleteFill(ulong requestId, CacheResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!_inFlight.Remove(requestId, out var request) || request.Kind != NearCacheRequestKind.Fill || result.Status != CacheResultStatus.Granted)
        {
            return;
        }

        Install(request, result, result.Value);
    }

    /// <summary>Feeds the directory's answer to a write: a completed put installs the written value in the granted state.</summary>
    public void CompleteWrite(ulong requestId, CacheResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!_inFlight.Remove(requestId, out var request) || request.Kind != NearCacheRequestKind.Write)
        {
            return;
        }

        // The directory forgot this silo's copies of the key when it applied the write (at or
        // before the answer's index): no grant up to that index may install from now on (a grant
        // at the same index may precede another write of this silo completed there too).
        if (result.GrantIndex > 0)
        {
            foreach (var other in _inFlight.Values.Where(r => r.Key == request.Key && r.Kind != NearCacheRequestKind.Renewal))
            {
                other.FenceIndex = Math.Max(other.FenceIndex, result.GrantIndex);
                other.FenceDrops = true;
            }
        }

        if (result.Status == CacheResultStatus.Written && request.WrittenValue is not null && result.State != CacheLineState.Invalid)
        {
            Install(request, result, request.WrittenValue);
        }
    }

    /// <summary>
    /// A local put or delete on a live modified line (write-back mode): no message. False when
    /// the line is not live in M; the caller then writes through the directory.
    /// </summary>
    public bool TryWriteLocal(string key, byte[]? value, long nowLocalMs)
    {
        if (!_lines.TryGetValue(key, out var node) || node.Value.State != CacheLineState.Modified || nowLocalMs >= node.Value.LiveUntilLocalMs)
        {
            return false;
        }

        var line = node.Value;
        if (line.KeyBytes + (value?.Length ?? 0) + NearCacheOptions.LineOverheadBytes > _options.MaxBytes)
        {
            return false;
        }

        _bytes -= line.Bytes;
        line.Value = value;
        line.Dirty = true;
        _bytes += line.Bytes;
        Announce(line);
        Touch(node);
        EnforceBounds(protect: node);
        return true;
    }

    /// <summary>
    /// Handles an invalidation for this silo: fences in-flight requests of the key, drops (or
    /// downgrades) a line granted before the operation, and returns the ack to send (with the
    /// dirty value of a modified line). Always acks, also when nothing was held.
    /// </summary>
    public NearCacheAck OnInvalidation(CacheInvalidation invalidation)
    {
        if (invalidation.Silo != Silo)
        {
            throw new ArgumentException($"An invalidation for silo '{invalidation.Silo}' was delivered to '{Silo}'.", nameof(invalidation));
        }

        foreach (var request in _inFlight.Values.Where(r => r.Key == invalidation.Key && r.Kind != NearCacheRequestKind.Renewal))
        {
            request.FenceIndex = Math.Max(request.FenceIndex, invalidation.OperationIndex);
            request.FenceDrops |= !invalidation.Downgrade;
        }

        CacheDirtyValue? dirty = null;
        var recalled = false;
        if (_lines.TryGetValue(invalidation.Key, out var node) && node.Value.GrantIndex <= invalidation.OperationIndex)
        {
            var line = node.Value;
            dirty = line.State == CacheLineState.Modified && line.Dirty ? CacheDirtyValue.Of(line.Value) : null;
            if (invalidation.Downgrade && line.Value is not null)
            {
                recalled = line.State != CacheLineState.Shared;
                line.State = CacheLineState.Shared;
                line.Dirty = false;
                Announce(line);
            }
            else
            {
                Remove(node);
            }
        }

        _counters = _counters with
        {
            InvalidationsReceived = _counters.InvalidationsReceived + 1,
            InvalidationsAcked = _counters.InvalidationsAcked + 1,
            Recalls = _counters.Recalls + (recalled ? 1 : 0),
        };
        return new NearCacheAck(invalidation.Key, invalidation.OperationIndex, dirty);
    }

    /// <summary>
    /// Renewals by use: live lines read or written since their last renewal with less than half
    /// of the lease left, none in flight. Each is a request; feed its reply to <see cref="CompleteRenewal"/>.
    /// </summary>
    public IReadOnlyList<NearCacheRenewal> TakeRenewals(long nowLocalMs, long leaseMs)
    {
        var renewals = new List<NearCacheRenewal>();
        foreach (var line in _recency)
        {
            var remaining = line.LiveUntilLocalMs - nowLocalMs;
            if (line.UsedSinceRenewal && line.RenewalRequestId == 0 && remaining > 0 && remaining < leaseMs / 2
                && _inFlight.Count < _options.MaxInFlightRequests)
            {
                var id = ++_lastRequestId;
                _inFlight.Add(id, new NearCacheRequest(id, line.Key, NearCacheRequestKind.Renewal, nowLocalMs, null));
                line.RenewalRequestId = id;
                line.UsedSinceRenewal = false;
                renewals.Add(new NearCacheRenewal(id, line.Key, line.GrantIndex));
            }
        }

        _counters = _counters with { RenewalsSent = _counters.RenewalsSent + renewals.Count };
        return renewals;
    }

    /// <summary>Feeds a renewal's reply: extends the line's local lease from when the renewal was sent, or drops it if refused.</summary>
    public void CompleteRenewal(ulong requestId, CacheResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!_inFlight.Remove(requestId, out var request) || !_lines.TryGetValue(request.Key, out var node) || node.Value.RenewalRequestId != requestId)
        {
            return;
        }

        var line = node.Value;
        line.RenewalRequestId = 0;
        if (result.Status == CacheResultStatus.Ok && result.GrantIndex == line.GrantIndex)
        {
            line.LiveUntilLocalMs = Math.Max(line.LiveUntilLocalMs, CacheLeaseMath.LiveUntilLocalMs(request.SentLocalMs, result.LeaseMs, _options.DriftAllowanceMs));
            Announce(line);
            return;
        }

        if (result.Status == CacheResultStatus.Failed)
        {
            _counters = _counters with { RenewalsRefused = _counters.RenewalsRefused + 1 };
            Evict(node, NearCacheEvictionReason.RenewalRefused);
        }
    }

    /// <summary>Dirty modified lines to flush (<see cref="CacheWriteBackCommand"/> without release); they count as clean from now.</summary>
    public IReadOnlyList<(string Key, ulong GrantIndex, CacheDirtyValue Dirty)> TakeDirtyLines()
    {
        var dirty = _recency.Where(l => l.Dirty).Select(l => (l.Key, l.GrantIndex, CacheDirtyValue.Of(l.Value))).ToList();
        foreach (var line in _recency)
        {
            line.Dirty = false;
        }

        return dirty;
    }

    /// <summary>Returns and forgets the lines that left since the last call, to tell the directory (or write back).</summary>
    public IReadOnlyList<NearCacheEviction> TakeEvictions()
    {
        var taken = _evictions.ToArray();
        _evictions.Clear();
        return taken;
    }

    public NearCacheStats Stats(long nowLocalMs)
    {
        var live = _recency.Where(l => nowLocalMs < l.LiveUntilLocalMs).ToList();
        return _counters with
        {
            Entries = _lines.Count,
            Bytes = _bytes,
            ModifiedLines = live.Count(l => l.State == CacheLineState.Modified),
            ExclusiveLines = live.Count(l => l.State == CacheLineState.Exclusive),
            SharedLines = live.Count(l => l.State == CacheLineState.Shared),
        };
    }

    private ulong? Begin(string key, NearCacheRequestKind kind, long nowLocalMs, byte[]? value)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_inFlight.Count >= _options.MaxInFlightRequests)
        {
            return null;
        }

        var id = ++_lastRequestId;
        _inFlight.Add(id, new NearCacheRequest(id, key, kind, nowLocalMs, value));
        return id;
    }

    private void Install(NearCacheRequest request, CacheResult result, byte[] value)
    {
        if (_inFlight.Values.Any(r => r.Key == request.Key && r.Kind == NearCacheRequestKind.Write))
        {
            // A write of the key is in flight: once applied, the directory forgets this silo's
            // copies, and which grants came before it is unknown until its answer. Install nothing.
            _counters = _counters with { DiscardedGrants = _counters.DiscardedGrants + 1 };
            return;
        }

        var state = result.State;
        if (result.GrantIndex <= request.FenceIndex)
        {
            if (request.FenceDrops || state == CacheLineState.Modified)
            {
                // An invalidation newer than this grant already passed: the copy may be stale.
                _counters = _counters with { DiscardedGrants = _counters.DiscardedGrants + 1 };
                return;
            }

            state = CacheLineState.Shared;
        }

        if (_lines.TryGetValue(request.Key, out var existing))
        {
            if (existing.Value.GrantIndex >= result.GrantIndex || existing.Value.Dirty)
            {
                return;
            }

            Remove(existing);
        }

        var line = new NearCacheLine(request.Key, BinaryBuilder.StrictUtf8.GetByteCount(request.Key))
        {
            State = state,
            Value = value,
            Version = result.Version,
            GrantIndex = result.GrantIndex,
            LiveUntilLocalMs = CacheLeaseMath.LiveUntilLocalMs(request.SentLocalMs, result.LeaseMs, _options.DriftAllowanceMs),
        };
        if (line.Bytes > _options.MaxBytes)
        {
            _evictions.Add(new NearCacheEviction(line.Key, state, line.GrantIndex, null, NearCacheEvictionReason.TooLarge));
            _counters = _counters with { Evictions = _counters.Evictions + 1 };
            return;
        }

        var node = _recency.AddFirst(line);
        _lines.Add(line.Key, node);
        _bytes += line.Bytes;
        Announce(line);

        // The directory re-grants a silo's copy in place, so an older grant still in flight for the
        // key is superseded: once this line is evicted (and the eviction names this grant), the
        // older one must not install a copy the directory no longer tracks.
        foreach (var other in _inFlight.Values.Where(r => r.Key == line.Key && r.Kind != NearCacheRequestKind.Renewal))
        {
            other.FenceIndex = Math.Max(other.FenceIndex, line.GrantIndex);
            other.FenceDrops = true;
        }

        EnforceBounds(protect: node);
    }

    private void EnforceBounds(LinkedListNode<NearCacheLine> protect)
    {
        // Bounded: each pass removes one line; the protected (newest) line alone fits both bounds.
        while ((_lines.Count > _options.MaxEntries || _bytes > _options.MaxBytes) && _recency.Last is { } last && last != protect)
        {
            Evict(last, NearCacheEvictionReason.Capacity);
        }
    }

    private void Evict(LinkedListNode<NearCacheLine> node, NearCacheEvictionReason reason)
    {
        var line = node.Value;
        var dirty = line.State == CacheLineState.Modified && line.Dirty ? CacheDirtyValue.Of(line.Value) : null;
        Remove(node);
        _evictions.Add(new NearCacheEviction(line.Key, line.State, line.GrantIndex, dirty, reason));
        _counters = _counters with { Evictions = _counters.Evictions + 1 };
    }

    private void Remove(LinkedListNode<NearCacheLine> node)
    {
        _recency.Remove(node);
        _lines.Remove(node.Value.Key);
        _bytes -= node.Value.Bytes;
        _observer?.Removed(node.Value.Key);
    }

    private void Announce(NearCacheLine line) => _observer?.Changed(line.Key, line.Value, line.Version, line.State, line.LiveUntilLocalMs);

    private void Touch(LinkedListNode<NearCacheLine> node)
    {
        node.Value.UsedSinceRenewal = true;
        if (node != _recency.First)
        {
            _recency.Remove(node);
            _recency.AddFirst(node);
        }
    }
}
