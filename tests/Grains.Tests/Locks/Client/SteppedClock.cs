using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace OrleansSync.Grains.Tests.Locks.Client;

/// <summary>
/// A fake clock that reports every timer the code under test starts (an attempt bound, a retry
/// delay), so that a test moves time to exactly when that timer is due once the code waits on it:
/// no sleeps, no polling, and the code's time is the fake clock's alone.
/// </summary>
internal sealed class SteppedClock : TimeProvider
{
    private const int MaxPendingTimers = 1_000;
    private readonly FakeTimeProvider _fake = new();
    private readonly DateTimeOffset _start;
    private readonly Channel<TimeSpan> _dueTimes = Channel.CreateBounded<TimeSpan>(MaxPendingTimers);

    public SteppedClock() => _start = _fake.GetUtcNow();

    /// <summary>Fake time since the clock was made.</summary>
    public TimeSpan Elapsed => _fake.GetUtcNow() - _start;

    public override long TimestampFrequency => _fake.TimestampFrequency;

    public override long GetTimestamp() => _fake.GetTimestamp();

    public override DateTimeOffset GetUtcNow() => _fake.GetUtcNow();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = _fake.CreateTimer(callback, state, dueTime, period);
        if (!_dueTimes.Writer.TryWrite(dueTime))
        {
            throw new InvalidOperationException($"More than {MaxPendingTimers} timers were started without the test stepping the clock.");
        }

        return timer;
    }

    /// <summary>
    /// Until <paramref name="work"/> ends: waits for the next timer it starts and moves time to that
    /// timer's due time. The code under test must wait on one timer at a time.
    /// </summary>
    public async Task RunUntilCompletedAsync(Task work, int maxSteps)
    {
        for (var step = 0; step < maxSteps; step++)
        {
            var timerStarted = _dueTimes.Reader.WaitToReadAsync().AsTask();
            var first = await Task.WhenAny(work, timerStarted).WaitAsync(TimeSpan.FromSeconds(30));
            if (first == work)
            {
                return;
            }

            if (_dueTimes.Reader.TryRead(out var due))
            {
                _fake.Advance(due);
            }
        }

        throw new InvalidOperationException($"The work did not end within {maxSteps} timer steps (fake time {Elapsed.TotalMilliseconds} ms).");
    }
}
