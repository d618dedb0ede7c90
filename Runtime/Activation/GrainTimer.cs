namespace OrleansSync.Runtime.Activation;

/// <summary>
/// A grain timer: each tick is queued as a turn of its activation; the next tick is scheduled
/// only after the callback completes, so ticks never overlap.
/// </summary>
internal sealed class GrainTimer : IGrainTimer
{
    private readonly GrainActivation _activation;
    private readonly Func<CancellationToken, Task> _callback;
    private readonly TimeSpan _period;
    private readonly ITimer _timer;
    private volatile bool _disposed;

    public GrainTimer(GrainActivation activation, TimeProvider timeProvider, Func<CancellationToken, Task> callback, GrainTimerCreationOptions options)
    {
        _activation = activation;
        _callback = callback;
        _period = options.Period;
        Interleave = options.Interleave;
        _timer = timeProvider.CreateTimer(static state => ((GrainTimer)state!).OnDue(), this, options.DueTime, Timeout.InfiniteTimeSpan);
    }

    public bool Interleave { get; }

    public void Dispose()
    {
        _disposed = true;
        _timer.Dispose();
        _activation.RemoveTimer(this);
    }

    internal async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _callback(cancellationToken);
        }
        catch (Exception ex)
        {
            _activation.TimerCallbackFailed(ex);
        }
        finally
        {
            Reschedule();
        }
    }

    internal void Stop()
    {
        _disposed = true;
        _timer.Dispose();
    }

    private void OnDue()
    {
        if (!_disposed && !_activation.TryEnqueueTimerTick(this))
        {
            Reschedule();
        }
    }

    private void Reschedule()
    {
        if (!_disposed && _period != Timeout.InfiniteTimeSpan)
        {
            _timer.Change(_period, Timeout.InfiniteTimeSpan);
        }
    }
}
