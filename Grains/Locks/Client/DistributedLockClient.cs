using OrleansSync.Grains.Interfaces.Locks;

namespace OrleansSync.Grains.Locks.Client;

/// <summary>
/// Distributed locks over the cluster's Raft lock groups:
/// <c>await using var handle = await locks.AcquireAsync("orders/42", LockMode.Exclusive, TimeSpan.FromSeconds(10), ct);</c>
/// The client maps each name to its group, keeps one lease per group alive for the caller, and
/// waits for queued requests by long-polling the group's leader (falling back to linearizable reads).
/// </summary>
public sealed partial class DistributedLockClient : IAsyncDisposable
{
    /// <summary>
    /// How long past a wait's timeout its long-poll lasts: the leader proposes the expiry on its
    /// first tick past the deadline and it must commit, so the timeout's notice comes a little late.
    /// </summary>
    private const int TimeoutNoticeGraceMs = 1_000;

    private readonly DistributedLockClientOptions _options;
    private readonly TimeProvider _time;
    private readonly LockGroupMap _map;
    private readonly RaftGroupChannel[] _channels;
    private readonly Dictionary<int, GroupLease> _leases = [];
    private readonly SemaphoreSlim _leaseGate = new(1, 1);
    private long _outcomesByNotification;
    private long _outcomesByRead;

    public DistributedLockClient(IGrainFactory grains, DistributedLockClientOptions options, TimeProvider? time = null)
        : this(new GrainFactoryPeerResolver(grains ?? throw new ArgumentNullException(nameof(grains))), options, time)
    {
    }

    public DistributedLockClient(IRaftPeerResolver peers, DistributedLockClientOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(peers);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _time = time ?? TimeProvider.System;
        _map = new LockGroupMap(options.GroupCount);
        _channels = [.. Enumerable.Range(0, options.GroupCount).Select(g => new RaftGroupChannel(peers, g, options, _time))];
    }

    /// <summary>Queued acquires whose end the leader pushed (long-poll answered).</summary>
    internal long OutcomesByNotification => Interlocked.Read(ref _outcomesByNotification);

    /// <summary>Queued acquires whose end was found by the fallback read.</summary>
    internal long OutcomesByRead => Interlocked.Read(ref _outcomesByRead);

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

    /// <summary>
    /// The lock's last fencing token, also once it is free (linearizable): exact for held locks and
    /// recently granted free ones, an upper bound for locks the group no longer remembers.
    /// </summary>
    public async Task<ulong> GetLastFencingTokenAsync(string name, CancellationToken cancellationToken = default) =>
        LockWireCodec.DecodeLastFencingToken(await ChannelOf(name).ReadAsync(LockWireCodec.EncodeLastFencingTokenQuery(name), cancellationToken));

    /// <summary>
    /// Group <paramref name="group"/>'s lock totals and up to <paramref name="limit"/> of its locks
    /// whose name contains <paramref name="contains"/>, with their leases (linearizable; for dashboards).
    /// </summary>
    public async Task<LockListing> ListLocksAsync(int group, string contains, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(group);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(group, _channels.Length);
        ArgumentNullException.ThrowIfNull(contains);
        return LockWireCodec.DecodeListing(await _channels[group].ReadAsync(LockWireCodec.EncodeListLocksQuery(contains, limit), cancellationToken));
    }

    /// <summary>Every wait-for edge of group <paramref name="group"/> (linearizable; what the deadlock detector reads).</summary>
    public async Task<IReadOnlyList<WaitForEdge>> GetWaitForEdgesAsync(int group, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(group);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(group, _channels.Length);
        return LockWireCodec.DecodeEdges(await _channels[group].ReadAsync(LockWireCodec.EncodeWaitForEdgesQuery(), cancellationToken));
    }

    /// <summary>The group <paramref name="name"/> maps to.</summary>
    public int GroupOf(string name) => _map.GroupOf(name);

    /// <summary>Whether <see cref="DisposeAsync"/> has run (the shared client of <c>Locks()</c> is then replaced).</summary>
    internal bool IsDisposed { get; private set; }

    /// <summary>The options this client was created with.</summary>
    internal DistributedLockClientOptions Options => _options;

    public async ValueTask DisposeAsync()
    {
        IsDisposed = true;
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

    /// <summary>
    /// Waits for the queued request to end: by a long-poll on the leader, which answers as soon as
    /// the grant, timeout or abort is applied; when that gives nothing (still pending, leader
    /// changed, peer unreachable), by a linearizable read of the lock, then the long-poll again.
    /// </summary>
    private async Task<ulong?> WaitForGrantAsync(
        string name, ulong leaseId, Func<bool> leaseLost, ulong waitId, long waitMs, RaftGroupChannel channel, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        try
        {
            while (true)
            {
                var remainingMs = waitMs - (long)_time.GetElapsedTime(started).TotalMilliseconds;
                var pollMs = (int)Math.Clamp(remainingMs + TimeoutNoticeGraceMs, _options.PollIntervalMs, _options.NotificationWaitMs);
                var (notified, reachable) = await channel.WaitForOutcomeAsync(waitId, pollMs, cancellationToken);
                if (notified is not null)
                {
                    Interlocked.Increment(ref _outcomesByNotification);
                    return OutcomeOf(notified, name);
                }

                if (await ReadOutcomeAsync(name, leaseId, leaseLost, waitId, started, waitMs, channel, cancellationToken) is { } read)
                {
                    Interlocked.Increment(ref _outcomesByRead);
                    return read.FencingToken;
                }

                if (!reachable)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(_options.PollIntervalMs), _time, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            using var cleanup = new CancellationTokenSource(_options.RequestTimeoutMs);
            await channel.ProposeAsync(new CancelWaitCommand(name, leaseId), cleanup.Token);
            throw;
        }
    }

    /// <summary>
    /// The fallback: reads the lock; how the wait ended (a null token: timed out), or null if it
    /// still waits or its end is not known yet. An end without a known reason counts as timed out
    /// once the wait's time is up (an abort whose notice was lost is then reported as a timeout).
    /// </summary>
    private async Task<WaitEnded?> ReadOutcomeAsync(
        string name, ulong leaseId, Func<bool> leaseLost, ulong waitId, long started, long waitMs, RaftGroupChannel channel, CancellationToken cancellationToken)
    {
        var info = LockWireCodec.DecodeLockInfo(await channel.ReadAsync(LockWireCodec.EncodeGetLock(name), cancellationToken));
        if (info?.Holders.FirstOrDefault(h => h.LeaseId == leaseId) is { } holder)
        {
            return new WaitEnded(holder.FencingToken);
        }

        if (info is not null && info.Waiters.Any(w => w.WaitId == waitId))
        {
            return null;
        }

        // The wait ended and the lease does not hold the lock: the leader normally still remembers why.
        var (ended, _) = await channel.WaitForOutcomeAsync(waitId, 0, cancellationToken);
        if (ended is not null)
        {
            return new WaitEnded(OutcomeOf(ended, name));
        }

        if (_time.GetElapsedTime(started).TotalMilliseconds >= waitMs)
        {
            return new WaitEnded(null);
        }

        if (leaseLost())
        {
            throw new LockException(LockErrorCode.LeaseExpired, $"The lease expired while waiting for '{name}'.");
        }

        // Why is not known here: leadership moved, or the leader installed a snapshot and never
        // applied the end itself. Never guess (the group times a wait out, or expires its lease,
        // before this client's clocks say so: they start only when its replies arrive): ask again.
        await Task.Delay(TimeSpan.FromMilliseconds(_options.PollIntervalMs), _time, cancellationToken);
        return null;
    }

    /// <summary>The grant's token; null for a timed-out wait; throws for an aborted or cancelled one.</summary>
    private static ulong? OutcomeOf(LockEvent ended, string name) => ended.Kind switch
    {
        LockEventKind.Granted => ended.FencingToken,
        LockEventKind.WaitTimedOut => null,
        LockEventKind.WaitAborted => throw new LockException(
            LockErrorCode.DeadlockDetected, $"The wait for '{name}' was aborted to break a deadlock: {ended.Detail}"),
        _ => throw new LockException(LockErrorCode.LeaseExpired, $"The wait for '{name}' ended: {ended.Detail ?? ended.Kind.ToString()}"),
    };

    private LockHandle Handle(string name, LockMode mode, GroupLease lease, ulong token, RaftGroupChannel channel) =>
        new(name, mode, lease.LeaseId, token, lease.Lost, async handle =>
        {
            if (lease.IsLost)
            {
                return; // the lease, and with it every hold, is gone (or must be assumed gone): nothing to release
            }

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

    /// <summary>How a queued request ended: granted with a token, or timed out (null).</summary>
    private sealed record WaitEnded(ulong? FencingToken);
}
