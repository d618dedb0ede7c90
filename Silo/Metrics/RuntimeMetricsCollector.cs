using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;

namespace OrleansSync.Silo.Metrics;

/// <summary>
/// Listens (<see cref="MeterListener"/>) to the OrleansSync instruments of this silo's
/// <see cref="IMeterFactory"/> (the runtime's <c>OrleansSync.Runtime</c> meter and any other
/// <c>OrleansSync.*</c> meter), keeps their series, and writes them in the Prometheus format.
/// Only this silo's meters: several silos in one process each have their own factory.
/// </summary>
internal sealed class RuntimeMetricsCollector : IDisposable
{
    public const string MeterPrefix = "OrleansSync";
    private readonly IMeterFactory _meterFactory;
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, InstrumentFamily> _families = new();

    public RuntimeMetricsCollector(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meterFactory = meterFactory;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, _meterFactory) && instrument.Meter.Name.StartsWith(MeterPrefix, StringComparison.Ordinal))
            {
                _families[instrument] = new InstrumentFamily(instrument);
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.MeasurementsCompleted = (instrument, state) => _families.TryRemove(instrument, out _);
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => RecordOf(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => RecordOf(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => RecordOf(instrument, value, tags));
        _listener.SetMeasurementEventCallback<float>((instrument, value, tags, _) => RecordOf(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>Measurements dropped because an instrument reached its series bound.</summary>
    public long DroppedMeasurements => _families.Values.Sum(f => f.Dropped);

    /// <summary>Observes the observable instruments, then writes every family in name order.</summary>
    public void WriteTo(PrometheusTextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _listener.RecordObservableInstruments();
        foreach (var family in _families.Values.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            writer.WriteFamily(family.Name, family.PrometheusType, family.Instrument.Description);
            foreach (var series in family.Series)
            {
                var (value, count, buckets) = series.Read();
                if (family.Kind != InstrumentKind.Histogram)
                {
                    writer.WriteSample(family.Name, series.Labels, value);
                    continue;
                }

                var bounds = family.BucketBounds!;
                for (var i = 0; i <= bounds.Count; i++)
                {
                    var le = i < bounds.Count ? bounds[i].ToString("R", CultureInfo.InvariantCulture) : "+Inf";
                    writer.WriteSample(family.Name + "_bucket", [.. series.Labels, new("le", le)], buckets[i]);
                }

                writer.WriteSample(family.Name + "_sum", series.Labels, value);
                writer.WriteSample(family.Name + "_count", series.Labels, count);
            }
        }
    }

    public void Dispose() => _listener.Dispose();

    private void RecordOf<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        where T : struct, IConvertible
    {
        if (_families.TryGetValue(instrument, out var family))
        {
            family.Record(value.ToDouble(CultureInfo.InvariantCulture), tags);
        }
    }
}
