namespace OrleansSync.Runtime.Membership;

/// <summary>
/// The phi-accrual failure detector (Hayashibara et al.; as in Akka and Cassandra) for one
/// monitored silo. Pure: it is fed heartbeat timestamps (here: answered probes) and asked for
/// phi at a given time. phi = -log10(P(a heartbeat arrives later than now)), under a normal
/// distribution fitted to the last <c>maxSampleSize</c> inter-arrival times; phi 8 means the
/// silence is as unlikely as 1 in 10^8.
/// </summary>
public sealed class PhiAccrualFailureDetector
{
    private readonly int _maxSampleSize;
    private readonly double _minStdDeviationMs;
    private readonly double _acceptableHeartbeatPauseMs;
    private readonly double _firstHeartbeatEstimateMs;

    /// <summary>Ring buffer of the latest inter-arrival times, in milliseconds.</summary>
    private readonly double[] _intervalsMs;
    private int _count;
    private int _next;
    private double _sumMs;
    private double _sumOfSquaresMs;
    private long? _lastHeartbeatMs;

    /// <param name="maxSampleSize">How many inter-arrival times the estimate uses.</param>
    /// <param name="minStdDeviationMs">Floor of the standard deviation, so very regular heartbeats do not make phi jump on small delays.</param>
    /// <param name="acceptableHeartbeatPauseMs">Extra silence tolerated on top of the mean (e.g. GC pauses).</param>
    /// <param name="firstHeartbeatEstimateMs">Assumed interval before real samples exist (bootstraps the distribution).</param>
    public PhiAccrualFailureDetector(int maxSampleSize, double minStdDeviationMs, double acceptableHeartbeatPauseMs, double firstHeartbeatEstimateMs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSampleSize, 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minStdDeviationMs);
        ArgumentOutOfRangeException.ThrowIfNegative(acceptableHeartbeatPauseMs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(firstHeartbeatEstimateMs);
        _maxSampleSize = maxSampleSize;
        _minStdDeviationMs = minStdDeviationMs;
        _acceptableHeartbeatPauseMs = acceptableHeartbeatPauseMs;
        _firstHeartbeatEstimateMs = firstHeartbeatEstimateMs;
        _intervalsMs = new double[maxSampleSize];
    }

    /// <summary>Time of the last heartbeat, or null before the first.</summary>
    public long? LastHeartbeatMs => _lastHeartbeatMs;

    /// <summary>Records a heartbeat; timestamps older than the last one are ignored.</summary>
    public void Heartbeat(long timestampMs)
    {
        if (_lastHeartbeatMs is not { } last)
        {
            // Bootstrap as Akka does: two samples around the estimate, standard deviation estimate / 4.
            var spread = _firstHeartbeatEstimateMs / 4;
            Add(_firstHeartbeatEstimateMs - spread);
            Add(_firstHeartbeatEstimateMs + spread);
            _lastHeartbeatMs = timestampMs;
            return;
        }

        if (timestampMs < last)
        {
            return;
        }

        Add(timestampMs - last);
        _lastHeartbeatMs = timestampMs;
    }

    /// <summary>Suspicion level at <paramref name="nowMs"/>; 0 before the first heartbeat.</summary>
    public double Phi(long nowMs)
    {
        if (_lastHeartbeatMs is not { } last)
        {
            return 0;
        }

        var elapsedMs = Math.Max(0, nowMs - last);
        var meanMs = (_sumMs / _count) + _acceptableHeartbeatPauseMs;
        var varianceMs = Math.Max(0, (_sumOfSquaresMs / _count) - ((_sumMs / _count) * (_sumMs / _count)));
        var stdDeviationMs = Math.Max(Math.Sqrt(varianceMs), _minStdDeviationMs);

        // Logistic approximation of the normal CDF (Bowling et al.), as used by Akka.
        var y = (elapsedMs - meanMs) / stdDeviationMs;
        var e = Math.Exp(-y * (1.5976 + (0.070566 * y * y)));
        return elapsedMs > meanMs
            ? -Math.Log10(e / (1.0 + e))
            : -Math.Log10(1.0 - (1.0 / (1.0 + e)));
    }

    private void Add(double intervalMs)
    {
        if (_count == _maxSampleSize)
        {
            var evicted = _intervalsMs[_next];
            _sumMs -= evicted;
            _sumOfSquaresMs -= evicted * evicted;
        }
        else
        {
            _count++;
        }

        _intervalsMs[_next] = intervalMs;
        _next = (_next + 1) % _maxSampleSize;
        _sumMs += intervalMs;
        _sumOfSquaresMs += intervalMs * intervalMs;
    }
}
