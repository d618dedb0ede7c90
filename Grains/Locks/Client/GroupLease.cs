using OrleansSync.Grains.Interfaces.Locks;

namespace OrleansSync.Grains.Locks.Client;

/// <summary>
/// The client's lease in one group, kept alive every third of its TTL. <see cref="Lost"/> fires
/// when the group says the lease expired, or when no keep-alive has succeeded for a whole TTL
/// (the group may have expired it meanwhile: the holder must assume so).
/// </summary>
internal sealed class GroupLease : IAsyncDisposable
{
    private readonly RaftGroupChannel _channel;
    private readonly DistributedLockClientOptions _options;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _keepAlive;

    private GroupLease(RaftGroupChannel channel, ulong leaseId, DistributedLockClientOptions options, TimeProvider time)
    {
        _channel = channel;
        _options = options;
        _time = time;
        LeaseId = leaseId;
        _keepAlive = KeepAliveLoopAsync();
    }

    public ulong LeaseId { get; }

    public CancellationToken Lost => _lost.Token;

    public bool IsLost => _lost.IsCancellationRequested;

    public static async Task<GroupLease> OpenAsync(RaftGroupChannel channel, DistributedLockClientOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var opened = await channel.ProposeAsync(new OpenLeaseCommand(options.Owner, options.LeaseTtlMs), cancellationToken);
        return opened.Status == LockResultStatus.Ok
            ? new GroupLease(channel, opened.LeaseId, options, time)
            : throw new LockException(opened.Error, opened.Detail ?? "Could not open a lease.");
    }

    public void MarkLost() => _lost.Cancel();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _keepAlive;
        if (!IsLost)
        {
            try
            {
                using var timeout = new CancellationTokenSource(_options.RequestTimeoutMs);
                await _channel.ProposeAsync(new CloseLeaseCommand(LeaseId), timeout.Token);
            }
            catch (Exception exception) when (exception is TimeoutException or OperationCanceledException or LockException)
            {
                // The lease then expires by its TTL, releasing what it holds.
            }
        }

        _lost.Dispose();
        _stop.Dispose();
    }

    /// <summary>
    /// Renews every third of the TTL. Success counts from when the keep-alive was sent (the group
    /// stamps it no earlier), so the client's view of expiry never lags the group's. A renewal that
    /// hangs is abandoned when the TTL since the last success runs out: the lease is then lost.
    /// </summary>
    private async Task KeepAliveLoopAsync()
    {
        var lastSuccess = _time.GetTimestamp();
        var period = TimeSpan.FromMilliseconds(_options.LeaseTtlMs / 3.0);
        while (!_stop.IsCancellationRequested && !IsLost)
        {
            try
            {
                await Task.Delay(period, _time, _stop.Token);
                var sentAt = _time.GetTimestamp();
                if (await RenewAsync(RemainingMs(lastSuccess)) is { } result)
                {
                    if (result.Error is LockErrorCode.LeaseExpired or LockErrorCode.UnknownLease)
                    {
                        MarkLost();
                    }
                    else if (result.Status == LockResultStatus.Ok)
                    {
                        lastSuccess = sentAt;
                    }
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }

            if (RemainingMs(lastSuccess) <= 0)
            {
                MarkLost();
            }
        }
    }

    /// <summary>One keep-alive bounded by what is left of the TTL; null if it failed or ran out of time.</summary>
    private async Task<LockResult?> RenewAsync(long remainingMs)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        deadline.CancelAfter(TimeSpan.FromMilliseconds(Math.Max(1, remainingMs)));
        try
        {
            return await _channel.ProposeAsync(new KeepAliveCommand(LeaseId), deadline.Token);
        }
        catch (OperationCanceledException) when (!_stop.IsCancellationRequested)
        {
            return null; // out of time: the caller sees the TTL has run out
        }
        catch (Exception exception) when (exception is TimeoutException or LockException)
        {
            return null; // unreachable group: keep trying while the TTL lasts
        }
    }

    private long RemainingMs(long lastSuccess) => _options.LeaseTtlMs - (long)_time.GetElapsedTime(lastSuccess).TotalMilliseconds;
}
