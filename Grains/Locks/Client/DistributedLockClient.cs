using OrleansSync.Grains.Interfaces.Locks;
using OrleansSync.Runtime;

namespace OrleansSync.Grains.Locks.Client;

/// <summary>
/// Distributed locks over the cluster's Raft lock groups:
/// <c>await using var handle = await locks.AcquireAsync("orders/42", LockMode.Exclusive, TimeSpan.FromSeconds(10), ct);</c>
/// The client maps each name to its group, keeps one lease per group alive for the caller, and
/// waits for queued requests by re-reading the lock linearizably.
/// </summary>
public sealed partial class DistributedLockClient : IAsyncDisposable
{
    private readonly DistributedLockClientOptions _options;
    private readonly TimeProvider _time;
    private readonly LockGroupMap _map;
    private readonly RaftGroupChannel[] _channels;
    private readonly Dictionary<int, GroupLease> _leases = [];
    private readonly SemaphoreSlim _leaseGate = new(1, 1);

    public DistributedLockClient(IGrainFactory grains, DistributedLockClientOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _time = time ?? TimeProvider.System;
        _map = new LockGroupMap(options.GroupCount);
        _channels = [.. Enumerable.Range(0, options.GroupCount).Select(g => new RaftGroupChannel(grains, g, options, _time))];
    }

    /// <summary>Acquires the lock, waiting in its FIFO queue up to <paramref name="waitTimeout"/>.</summary>
    /// <exception cref="LockException">Refused, timed out (<see cref="LockErrorCode.WaitTimedOut"/>) or aborted.</exception>
    public async Task<LockHandle> AcquireAsync(string name, LockMode mode, TimeSpan waitTimeout, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(waitTimeout, TimeSpan.Zero);
        return await AcquireCoreAsync(name, mode, (long)waitTimeout.TotalMilliseconds, cancellationToken)
            ?? throw new LockException(LockErrorCode.WaitTimedOut, $"'{name}' was not granted within {waitTimeout}.");
    }

    /// <summary>Acquires the lock only if it is free now; null if it is not.</summary>
    public Task<LockHandle?> TryAcquireAsync(string name, LockMode mode, CancellationToken cancellationToken = default) =>
        AcquireCoreAsync(name, mode, 0, cancellationToken);

    /// <summary>The lock's holders and queue as the group sees them now (linearizable).</summary>
    public async Task<LockInfo?> InspectAsync(string name, CancellationToken cancellationToken = default) =>
        LockWireCodec.DecodeLockInfo(await ChannelOf(name).ReadAsync(LockWireCodec.EncodeGetLock(name), cancellationToken));

    public async ValueTask DisposeAsync()
    {
        foreach (var lease in _leases.Values)
        {
            await lease.DisposeAsync();
        }

        _leases.Clear();
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }

        _leaseGate.Dispose();
    }

    private async Task<LockHandle?> AcquireCoreAsync(string name, LockMode mode, long waitMs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        var channel = ChannelOf(name);
        var lease = await LeaseOfAsync(channel, cancellationToken);
        var result = await channel.ProposeAsync(new AcquireCommand(name, lease.LeaseId, mode, waitMs), cancellationToken);
        if (result.Error is LockErrorCode.LeaseExpired or LockErrorCode.UnknownLease)
        {
            lease.MarkLost();
            lease = await LeaseOfAsync(channel, cancellationToken);
            result = await channel.ProposeAsync(new AcquireCommand(name, lease.LeaseId, mode, waitMs), cancellationToken);
        }

        var token = await AwaitGrantAsync(name, lease.LeaseId, () => lease.IsLost, result, waitMs, channel, cancellationToken);
        return token is { } granted ? Handle(name, mode, lease, granted, channel) : null;
    }

    /// <summary>
    /// Turns an acquire's result into the grant's fencing token: at once when granted, null when
    /// refused for being busy, and after waiting for the queued request otherwise.
    /// </summary>
    private async Task<ulong?> AwaitGrantAsync(
        string name, ulong leaseId, Func<bool> leaseLost, LockResult result, long waitMs, RaftGroupChannel channel, CancellationToken cancellationToken) =>
        result.Status switch
        {
            LockResultStatus.Granted => result.FencingToken,
            LockResultStatus.NotGranted => null,
            LockResultStatus.Queued => await WaitForGrantAsync(name, leaseId, leaseLost, result.WaitId, waitMs, channel, cancellationToken),
            _ => throw new LockException(result.Error, result.Detail ?? $"Acquiring '{name}' failed."),
        };

    /// <summary>Re-reads the lock until this lease holds it or its wait has ended (timed out, aborted, lease lost).</summary>
    private async Task<ulong?> WaitForGrantAsync(
        string name, ulong leaseId, Func<bool> leaseLost, ulong waitId, long waitMs, RaftGroupChannel channel, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        try
        {
            while (true)
            {
                var info = LockWireCodec.DecodeLockInfo(await channel.ReadAsync(LockWireCodec.EncodeGetLock(name), cancellationToken));
                if (info?.Holders.FirstOrDefault(h => h.LeaseId == leaseId) is { } holder)
                {
                    return holder.FencingToken;
                }

                if (info is null || info.Waiters.All(w => w.WaitId != waitId))
                {
                    return _time.GetElapsedTime(started).TotalMilliseconds >= waitMs ? null
                        : leaseLost() ? throw new LockException(LockErrorCode.LeaseExpired, $"The lease expired while waiting for '{name}'.")
                        : throw new LockException(LockErrorCode.DeadlockDetected, $"The wait for '{name}' was aborted (deadlock) before it was granted.");
                }

                await Task.Delay(TimeSpan.FromMilliseconds(_options.PollIntervalMs), _time, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            using var cleanup = new CancellationTokenSource(_options.RequestTimeoutMs);
            await channel.ProposeAsync(new CancelWaitCommand(name, leaseId), cleanup.Token);
            throw;
        }
    }

    private LockHandle Handle(string name, LockMode mode, GroupLease lease, ulong token, RaftGroupChannel channel) =>
        new(name, mode, lease.LeaseId, token, lease.Lost, async handle =>
        {
            using var timeout = new CancellationTokenSource(_options.RequestTimeoutMs);
            var released = await channel.ProposeAsync(new ReleaseCommand(handle.Name, handle.LeaseId), timeout.Token);
            if (released.Status != LockResultStatus.Ok && released.Error is not (LockErrorCode.LeaseExpired or LockErrorCode.UnknownLease))
            {
                throw new LockException(released.Error, released.Detail ?? $"Releasing '{handle.Name}' failed.");
            }
        });

    private RaftGroupChannel ChannelOf(string name) => _channels[_map.GroupOf(name)];

    private async Task<GroupLease> LeaseOfAsync(RaftGroupChannel channel, CancellationToken cancellationToken)
    {
        await _leaseGate.WaitAsync(cancellationToken);
        try
        {
            if (_leases.TryGetValue(channel.Group, out var lease) && !lease.IsLost)
            {
                return lease;
            }

            if (lease is not null)
            {
                await lease.DisposeAsync();
            }

            lease = await GroupLease.OpenAsync(channel, _options, _time, cancellationToken);
            _leases[channel.Group] = lease;
            return lease;
        }
        finally
        {
            _leaseGate.Release();
        }
    }
}
