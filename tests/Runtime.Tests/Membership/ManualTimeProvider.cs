namespace OrleansSync.Runtime.Tests.Membership;

/// <summary>
/// A TimeProvider that moves only when told (Microsoft.Extensions.TimeProvider.Testing does not
/// restore here). Timers fire synchronously inside <see cref="Advance"/>, in due-time order.
/// </summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<ManualTimer> _timers = [];
    private readonly List<(Func<bool> Condition, TaskCompletionSource Reached)> _timerWaiters = [];
    private DateTimeOffset _now = start;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Completes once at least <paramref name="count"/> timers are scheduled (a loop is waiting on its delay).</summary>
    public Task WaitForTimersAsync(int count) => WaitForTimersLockedAsync(() => _timers.Count >= count);

    /// <summary>Completes once some timer falls due within <paramref name="dueWithin"/> from now.</summary>
    public Task WaitForTimerDueWithinAsync(TimeSpan dueWithin) =>
        WaitForTimersLockedAsync(() => _timers.Any(timer => timer.DueTime <= _now + dueWithin));

    private Task WaitForTimersLockedAsync(Func<bool> condition)
    {
        lock (_lock)
        {
            if (condition())
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _timerWaiters.Add((condition, reached));
            return reached.Task;
        }
    }

    /// <summary>Moves the clock forward, firing every timer that falls due on the way.</summary>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_lock)
        {
            target = _now + delta;
        }

        while (true)
        {
            ManualTimer? next;
            lock (_lock)
            {
                next = _timers.Where(timer => timer.DueTime <= target).MinBy(timer => timer.DueTime);
                if (next is null)
                {
                    _now = target;
                    return;
                }

                _now = next.DueTime!.Value;
                next.ScheduleNextLocked();
            }

            next.Fire();
        }
    }

    private void ReleaseTimerWaitersLocked()
    {
        foreach (var waiter in _timerWaiters.Where(waiter => waiter.Condition()).ToList())
        {
            _timerWaiters.Remove(waiter);
            waiter.Reached.TrySetResult();
        }
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public DateTimeOffset? DueTime { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._lock)
            {
                owner._timers.Remove(this);
                _period = period;
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    DueTime = null;
                    return true;
                }

                DueTime = owner._now + dueTime;
                owner._timers.Add(this);
                owner.ReleaseTimerWaitersLocked();
                return true;
            }
        }

        /// <summary>Called under the owner's lock when this timer fires.</summary>
        public void ScheduleNextLocked()
        {
            if (_period == Timeout.InfiniteTimeSpan || _period == TimeSpan.Zero)
            {
                owner._timers.Remove(this);
                DueTime = null;
            }
            else
            {
                DueTime = owner._now + _period;
            }
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (owner._lock)
            {
                owner._timers.Remove(this);
                DueTime = null;
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
