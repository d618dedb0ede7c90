namespace OrleansSync.Silo.Metrics;

/// <summary>
/// One time series of an instrument (one tag combination): a running sum (counters, up-down
/// counters), the last value (observable instruments), or histogram buckets with sum and count.
/// </summary>
internal sealed class MetricSeries(IReadOnlyList<KeyValuePair<string, string>> labels, IReadOnlyList<double>? bucketBounds)
{
    private readonly Lock _gate = new();
    private readonly long[] _bucketCounts = new long[(bucketBounds?.Count ?? 0) + 1];
    private double _value;
    private long _count;

    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; } = labels;

    public void Add(double value)
    {
        lock (_gate)
        {
            _value += value;
        }
    }

    public void Set(double value)
    {
        lock (_gate)
        {
            _value = value;
        }
    }

    public void Record(double value)
    {
        var bounds = bucketBounds ?? [];
        var bucket = 0;
        while (bucket < bounds.Count && value > bounds[bucket])
        {
            bucket++;
        }

        lock (_gate)
        {
            _bucketCounts[bucket]++;
            _value += value;
            _count++;
        }
    }

    /// <summary>A consistent copy: the value (or histogram sum), the count, and cumulative bucket counts.</summary>
    public (double Value, long Count, long[] CumulativeBuckets) Read()
    {
        lock (_gate)
        {
            var cumulative = new long[_bucketCounts.Length];
            long running = 0;
            for (var i = 0; i < _bucketCounts.Length; i++)
            {
                running += _bucketCounts[i];
                cumulative[i] = running;
            }

            return (_value, _count, cumulative);
        }
    }
}
