namespace OrleansSync.Grains.Tests.Linearizability;

/// <summary>A clock that moves forward by a fixed step every time it is read: deterministic elapsed time.</summary>
internal sealed class SteppingTimeProvider(TimeSpan step) : TimeProvider
{
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => _ticks += step.Ticks;
}
