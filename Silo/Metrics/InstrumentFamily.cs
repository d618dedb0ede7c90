using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;

namespace OrleansSync.Silo.Metrics;

/// <summary>
/// The series of one instrument, named and typed for Prometheus: counters become
/// <c>counter</c> with <c>_total</c>, up-down counters and gauges <c>gauge</c>, histograms
/// <c>histogram</c> with fixed buckets; the unit is a suffix (<c>ms</c> → <c>_ms</c>). At most
/// <see cref="MaxSeries"/> tag combinations are kept; measurements of further ones are counted as dropped.
/// </summary>
internal sealed class InstrumentFamily
{
    public const int MaxSeries = 1_000;
    private static readonly double[] MillisecondBuckets = [0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000];
    private static readonly double[] SecondBuckets = [.. MillisecondBuckets.Select(b => b / 1_000)];
    private static readonly double[] DefaultBuckets = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1_000, 10_000];
    private readonly ConcurrentDictionary<string, MetricSeries> _series = new(StringComparer.Ordinal);
    private long _dropped;

    public InstrumentFamily(Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        Instrument = instrument;
        var type = instrument.GetType().GetGenericTypeDefinition();
        Kind = type == typeof(Counter<>) ? InstrumentKind.Counter
            : type == typeof(Histogram<>) ? InstrumentKind.Histogram
            : type == typeof(ObservableCounter<>) ? InstrumentKind.ObservableCounter
            : type == typeof(UpDownCounter<>) ? InstrumentKind.UpDownCounter
            : InstrumentKind.Gauge;
        var name = PrometheusTextWriter.MetricName(instrument.Name) + UnitSuffix(instrument.Unit);
        Name = Kind is InstrumentKind.Counter or InstrumentKind.ObservableCounter && !name.EndsWith("_total", StringComparison.Ordinal) ? name + "_total" : name;
        BucketBounds = Kind == InstrumentKind.Histogram ? instrument.Unit switch { "ms" => MillisecondBuckets, "s" => SecondBuckets, _ => DefaultBuckets } : null;
    }

    public Instrument Instrument { get; }

    public InstrumentKind Kind { get; }

    public string Name { get; }

    public IReadOnlyList<double>? BucketBounds { get; }

    /// <summary>Measurements not kept because the instrument already had <see cref="MaxSeries"/> series.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public string PrometheusType => Kind switch
    {
        InstrumentKind.Counter or InstrumentKind.ObservableCounter => "counter",
        InstrumentKind.Histogram => "histogram",
        _ => "gauge",
    };

    public IEnumerable<MetricSeries> Series => _series.Values.OrderBy(s => string.Join(",", s.Labels), StringComparer.Ordinal);

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var series = SeriesOf(tags);
        if (series is null)
        {
            Interlocked.Increment(ref _dropped);
            return;
        }

        switch (Kind)
        {
            case InstrumentKind.Counter or InstrumentKind.UpDownCounter:
                series.Add(value);
                break;
            case InstrumentKind.Histogram:
                series.Record(value);
                break;
            default:
                series.Set(value);
                break;
        }
    }

    private MetricSeries? SeriesOf(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = new List<KeyValuePair<string, string>>(tags.Length);
        foreach (var tag in tags)
        {
            labels.Add(new(tag.Key, Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? string.Empty));
        }

        labels.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        var key = string.Join('\u0001', labels.Select(l => $"{l.Key}\u0002{l.Value}"));
        if (_series.TryGetValue(key, out var series))
        {
            return series;
        }

        return _series.Count >= MaxSeries ? null : _series.GetOrAdd(key, _ => new MetricSeries(labels, BucketBounds));
    }

    private static string UnitSuffix(string? unit) => unit switch
    {
        null or "" or "1" => string.Empty,
        "ms" => "_ms",
        "s" => "_seconds",
        "By" => "_bytes",
        _ when unit.StartsWith('{') => string.Empty,
        _ => "_" + PrometheusTextWriter.LabelName(unit),
    };
}
