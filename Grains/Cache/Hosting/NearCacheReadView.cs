using System.Collections.Concurrent;

namespace OrleansSync.Grains.Cache.Hosting;

/// <summary>
/// A silo's near-cache lines, readable from any thread of the silo with no grain call: the silo's
/// <see cref="NearCacheGrain"/> mirrors every change of its <see cref="NearCache"/> into it, from
/// inside the call that makes the change, and in-silo callers (the HTTP API's
/// <c>CacheClient</c>) serve read hits from it (ADR 0032).
/// </summary>
/// <remarks>
/// Why it stays linearizable: an invalidation removes the line here (in <see cref="NearCache.OnInvalidation"/>,
/// through the observer) before the grain sends its ack, and the write that caused it completes only
/// after that ack or after the lease, so a read that found the line here read it before the write
/// completed. A lease is checked on every read against the grain's own clock (the same
/// <see cref="TimeProvider"/> and start timestamp), minus the same drift allowance, which is already
/// in <c>LiveUntilLocalMs</c>. One activation mirrors at a time: a new one (or a deactivation)
/// empties the view first, and a stale observer's changes are ignored.
/// </remarks>
internal sealed class NearCacheReadView(TimeProvider time, NearCacheMetrics? metrics = null)
{
    private readonly ConcurrentDictionary<string, NearCacheReadViewLine> _lines = new(StringComparer.Ordinal);
    private readonly Lock _attachGate = new();
    private Mirror? _current;
    private long _unharvestedHits;
    private long _hits;

    /// <summary>Lines mirrored now (live or lapsed).</summary>
    public int Count => _lines.Count;

    /// <summary>Hits served here since the silo started.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>
    /// Starts mirroring for a new near-cache activation whose local clock counts from
    /// <paramref name="startTimestamp"/> (a <see cref="TimeProvider.GetTimestamp"/>); what an
    /// earlier activation mirrored is dropped first.
    /// </summary>
    public INearCacheLineObserver Attach(long startTimestamp)
    {
        lock (_attachGate)
        {
            var mirror = new Mirror(this, startTimestamp);
            _current = mirror;
            _lines.Clear();
            return mirror;
        }
    }

    /// <summary>Stops mirroring for <paramref name="observer"/> (its activation is going away) and drops its lines.</summary>
    public void Detach(INearCacheLineObserver observer)
    {
        lock (_attachGate)
        {
            if (ReferenceEquals(_current, observer))
            {
                _current = null;
                _lines.Clear();
            }
        }
    }

    /// <summary>
    /// A hit when the silo holds a live copy of <paramref name="key"/> (<see cref="NearCacheRead.Found"/>
    /// false for a modified line deleted locally), else a miss for the grain to fill.
    /// </summary>
    public NearCacheRead TryRead(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (Volatile.Read(ref _current) is not { } mirror || !_lines.TryGetValue(key, out var line)
            || mirror.NowLocalMs(time) >= line.LiveUntilLocalMs || !ReferenceEquals(line.Mirror, mirror))
        {
            return NearCacheRead.Miss;
        }

        line.MarkUsed();
        Interlocked.Increment(ref _hits);
        Interlocked.Increment(ref _unharvestedHits);
        metrics?.Hit();
        return new NearCacheRead(true, line.Value is not null, line.Value, line.Version, line.State);
    }

    /// <summary>
    /// For the grain, on its turn: the hits served here since the last call, and the keys they
    /// used (so the near cache counts them, keeps LRU order and renews those lines by use; the
    /// metrics counted them when served). The grain harvests on every renewal tick and stats read.
    /// </summary>
    public (long Hits, IReadOnlyList<string> UsedKeys) Harvest()
    {
        var hits = Interlocked.Exchange(ref _unharvestedHits, 0);
        if (hits == 0)
        {
            return (0, []);
        }

        // Bounded by the near cache's entry bound: the view holds no line the cache does not.
        return (hits, [.. _lines.Where(l => l.Value.TakeUsed()).Select(l => l.Key)]);
    }

    /// <summary>The observer one activation's <see cref="NearCache"/> calls; a replaced one changes nothing.</summary>
    private sealed class Mirror(NearCacheReadView view, long startTimestamp) : INearCacheLineObserver
    {
        public long NowLocalMs(TimeProvider time) => (long)time.GetElapsedTime(startTimestamp).TotalMilliseconds;

        public void Changed(string key, byte[]? value, ulong version, CacheLineState state, long liveUntilLocalMs)
        {
            if (!ReferenceEquals(Volatile.Read(ref view._current), this))
            {
                return;
            }

            var line = new NearCacheReadViewLine(this, value, version, state, liveUntilLocalMs);
            view._lines.AddOrUpdate(key, line, (_, old) => line.InheritUse(old));
        }

        public void Removed(string key) => view._lines.TryRemove(key, out _);
    }
}
