namespace OrleansSync.Benchmarks;

/// <summary>When the failover benchmark's client got its grants (Stopwatch timestamps), for gap measurement.</summary>
internal sealed class GrantClock
{
    private readonly Lock _gate = new();
    private TaskCompletionSource<long> _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _last;
    private long _count;

    public long Last
    {
        get
        {
            lock (_gate)
            {
                return _last;
            }
        }
    }

    public long Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    public void Record()
    {
        TaskCompletionSource<long> next;
        lock (_gate)
        {
            _last = System.Diagnostics.Stopwatch.GetTimestamp();
            _count++;
            next = _next;
            _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        next.TrySetResult(_last);
    }

    /// <summary>The first grant stamped after <paramref name="timestamp"/>.</summary>
    public async Task<long> FirstAfterAsync(long timestamp, TimeSpan timeout, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task<long> next;
            lock (_gate)
            {
                if (_last > timestamp)
                {
                    return _last;
                }

                next = _next.Task;
            }

            var stamp = await next.WaitAsync(timeout, cancellationToken);
            if (stamp > timestamp)
            {
                return stamp;
            }
        }
    }
}
