namespace OrleansSync.Runtime.Tests.TestGrains;

public sealed class TimerGrain : Grain, ITimerGrain
{
    private int _ticks;
    private bool _inTick;
    private IGrainTimer? _timer;

    public Task Start(string gate, int ticks)
    {
        _timer = RegisterGrainTimer(
            async (target, ct) =>
            {
                if (_inTick)
                {
                    throw new InvalidOperationException("Timer ticks overlapped.");
                }

                _inTick = true;
                await Task.Yield();
                _inTick = false;
                if (++_ticks == target)
                {
                    _timer?.Dispose();
                    TestGates.Get(gate).Entered.TrySetResult();
                }
            },
            ticks,
            new GrainTimerCreationOptions { DueTime = TimeSpan.FromMilliseconds(1), Period = TimeSpan.FromMilliseconds(1) });
        return Task.CompletedTask;
    }

    public Task<int> Ticks() => Task.FromResult(_ticks);
}
