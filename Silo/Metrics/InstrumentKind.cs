namespace OrleansSync.Silo.Metrics;

/// <summary>How an instrument's measurements combine into a series.</summary>
internal enum InstrumentKind
{
    /// <summary>Measurements are increments; exposed as a counter.</summary>
    Counter,

    /// <summary>Measurements are increments that may be negative; exposed as a gauge.</summary>
    UpDownCounter,

    /// <summary>Measurements are observations; exposed as a histogram.</summary>
    Histogram,

    /// <summary>Measurements are the cumulative total; exposed as a counter.</summary>
    ObservableCounter,

    /// <summary>Measurements are the current value; exposed as a gauge.</summary>
    Gauge,
}
