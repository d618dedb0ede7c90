using System.Diagnostics.Metrics;

namespace OrleansSync.Grains.Cache.Hosting;

/// <summary>
/// The near cache's instruments on the silo's <see cref="IMeterFactory"/> (meter
/// <c>OrleansSync.Cache</c>, exported by the silo's prometheus-net registry): hits and misses and
/// the hit ratio since the silo started, invalidations sent (as a directory leader) and acked,
/// recalls, evictions, the lines held by state and their bytes (refreshed by the grain's renewal
/// timer, so a scrape never touches the cache itself), and how long writes that had to invalidate
/// other copies waited for them.
/// </summary>
/// <remarks>One per silo (a DI singleton): a meter factory hands the same meter to every caller of a
/// name, so instruments created per activation would pile up across re-activations.</remarks>
internal sealed class NearCacheMetrics
{
    public const string MeterName = "OrleansSync.Cache";

    private readonly Meter _meter;
    private readonly Counter<long> _hits;
    private readonly Counter<long> _misses;
    private readonly Counter<long> _sent;
    private readonly Counter<long> _acks;
    private readonly Counter<long> _recalls;
    private readonly Counter<long> _evictions;
    private readonly Histogram<double> _invalidationRoundTrip;
    private readonly KeyValuePair<string, object?> _siloTag;
    private long _totalHits;
    private long _totalMisses;
    private long _totalSent;
    private int _modified;
    private int _exclusive;
    private int _shared;
    private long _bytes;

    public NearCacheMetrics(IMeterFactory meters, ILocalSiloDetails localSilo)
    {
        _meter = meters.Create(MeterName);
        _siloTag = new("silo", localSilo.SiloAddress.ToParsableString());
        _hits = _meter.CreateCounter<long>("orleanssync.cache.hits", description: "Reads served from this silo's live copy, with no message.");
        _misses = _meter.CreateCounter<long>("orleanssync.cache.misses", description: "Reads that filled from the directory.");
        _sent = _meter.CreateCounter<long>("orleanssync.cache.invalidations.sent", description: "Invalidations this silo published as a directory's leader (resends included).");
        _acks = _meter.CreateCounter<long>("orleanssync.cache.invalidations.acked", description: "Invalidations this silo acted on and acked.");
        _recalls = _meter.CreateCounter<long>("orleanssync.cache.recalls", description: "This silo's E or M lines downgraded to S because another silo read them.");
        _evictions = _meter.CreateCounter<long>("orleanssync.cache.evictions", description: "Lines that left this silo's near cache (LRU, lapsed lease, refused renewal).");
        _invalidationRoundTrip = _meter.CreateHistogram<double>(
            "orleanssync.cache.invalidation.round_trip", unit: "ms", description: "From sending a write that had to invalidate other copies to its completion (acks or lapsed leases), on the writer's silo.");
        _meter.CreateObservableGauge("orleanssync.cache.lines", ObserveLines, description: "Live lines of this silo's near cache, by MESI state.");
        _meter.CreateObservableGauge("orleanssync.cache.bytes", () => new Measurement<long>(Volatile.Read(ref _bytes), _siloTag), unit: "By", description: "Bytes this silo's near cache holds (key + value + 64 per line).");
        _meter.CreateObservableGauge("orleanssync.cache.hit_ratio", ObserveHitRatio, description: "Hits / (hits + misses) of this silo since it started (0 before the first read).");
    }

    /// <summary>Invalidations this silo published since it started.</summary>
    public long TotalInvalidationsSent => Interlocked.Read(ref _totalSent);

    public void Hit(long count = 1)
    {
        Interlocked.Add(ref _totalHits, count);
        _hits.Add(count, _siloTag);
    }

    public void Miss()
    {
        Interlocked.Increment(ref _totalMisses);
        _misses.Add(1, _siloTag);
    }

    public void Sent(int count)
    {
        Interlocked.Add(ref _totalSent, count);
        _sent.Add(count, _siloTag);
    }

    public void Acked(int count) => _acks.Add(count, _siloTag);

    public void Recalled(long count)
    {
        if (count > 0)
        {
            _recalls.Add(count, _siloTag);
        }
    }

    public void Evicted(int count) => _evictions.Add(count, _siloTag);

    public void InvalidationRoundTrip(TimeSpan elapsed) => _invalidationRoundTrip.Record(elapsed.TotalMilliseconds, _siloTag);

    /// <summary>Called on the grain's turn; the gauges read these fields from the scrape's thread.</summary>
    public void Lines(int modified, int exclusive, int shared, long bytes)
    {
        Volatile.Write(ref _modified, modified);
        Volatile.Write(ref _exclusive, exclusive);
        Volatile.Write(ref _shared, shared);
        Volatile.Write(ref _bytes, bytes);
    }

    private IEnumerable<Measurement<int>> ObserveLines() =>
    [
        new(Volatile.Read(ref _modified), _siloTag, new("state", "M")),
        new(Volatile.Read(ref _exclusive), _siloTag, new("state", "E")),
        new(Volatile.Read(ref _shared), _siloTag, new("state", "S")),
    ];

    private Measurement<double> ObserveHitRatio()
    {
        var (hits, misses) = (Interlocked.Read(ref _totalHits), Interlocked.Read(ref _totalMisses));
        return new(hits + misses == 0 ? 0 : (double)hits / (hits + misses), _siloTag);
    }
}
