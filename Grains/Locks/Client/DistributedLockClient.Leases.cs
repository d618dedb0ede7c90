using System.Runtime.CompilerServices;
using OrleansSync.Grains.Interfaces.Locks;

namespace OrleansSync.Grains.Locks.Client;

/// <summary>
/// Explicit leases, for holders that outlive one call or one process: the HTTP API and the
/// console client hand the lease id to their caller, who keeps it alive or releases it later.
/// A lease id is only meaningful together with a lock name, which picks the Raft group. Each
/// explicit lease is its own owner in the wait-for graph; the client's implicit per-group leases
/// (<see cref="AcquireAsync"/>) share the client's owner, one line of control across groups.
/// </summary>
public sealed partial class DistributedLockClient
{
    /// <summary>Longest owner prefix of an explicit lease: the table takes owners of up to 256 characters.</summary>
    private const int MaxLeaseOwnerPrefix = 200;

    /// <summary>
    /// Opens a lease of <paramref name="ttl"/> and acquires <paramref name="name"/> under it,
    /// waiting in the FIFO queue up to <paramref name="waitTimeout"/> (zero: only if free now).
    /// The lease is its own owner in the wait-for graph (the lease is the session, as in etcd):
    /// two independent callers of this client never merge into one node. While the request waits,
    /// the client keeps the lease alive, so a wait longer than the TTL ends as granted or timed
    /// out, never as an expired lease. Once granted the lease is not kept alive: it lasts
    /// <paramref name="ttl"/> past the grant unless <see cref="KeepAliveLeaseAsync"/> renews it.
    /// </summary>
    /// <returns>The grant, or null if the lock was not granted in time (the lease is then closed).</returns>
    /// <exception cref="LockException">Refused (bad name, capacity) or aborted (deadlock).</exception>
    public async Task<LeasedLock?> AcquireLeasedAsync(
        string name, LockMode mode, TimeSpan ttl, TimeSpan waitTimeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(ttl, TimeSpan.FromSeconds(1));
        ArgumentOutOfRangeException.ThrowIfLessThan(waitTimeout, TimeSpan.Zero);
        var ttlMs = (long)ttl.TotalMilliseconds;
        var channel = ChannelOf(name);
        var opened = await channel.ProposeAsync(new OpenLeaseCommand(NewLeaseOwner(), ttlMs), cancellationToken);
        if (opened.Status != LockResultStatus.Ok)
        {
            throw new LockException(opened.Error, opened.Detail ?? "Could not open a lease.");
        }

        var leaseId = opened.LeaseId;
        try
        {
            var grant = await AcquireKeepingLeaseAsync(
                name, leaseId, mode, ttlMs, (long)waitTimeout.TotalMilliseconds, channel, cancellationToken, opened.LeaseExpiresAtMs);
            if (grant is null)
            {
                await CloseLeaseQuietlyAsync(channel, leaseId);
            }

            return grant;
        }
        catch (Exception exception) when (exception is LockException or OperationCanceledException or TimeoutException)
        {
            await CloseLeaseQuietlyAsync(channel, leaseId);
            throw;
        }
    }

    /// <summary>
    /// Acquires <paramref name="name"/> under an explicit lease that is already open (from
    /// <see cref="AcquireLeasedAsync"/>; the lock must map to the same group, as a lease lives in
    /// one group). A lease holding several locks is how one caller can take them in order, and how
    /// a real deadlock between two callers shows up in the wait-for graph. The lease is kept alive
    /// while the request waits (every quarter of the shortest TTL a table allows, as its own TTL is
    /// not known here); a refusal or timeout leaves it open with what it holds.
    /// </summary>
    /// <returns>The grant, or null if the lock was not granted in time.</returns>
    /// <exception cref="LockException">The lease is unknown or expired, refused, or aborted (deadlock).</exception>
    public Task<LeasedLock?> AcquireUnderLeaseAsync(
        string name, ulong leaseId, LockMode mode, TimeSpan waitTimeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(waitTimeout, TimeSpan.Zero);
        return AcquireKeepingLeaseAsync(
            name, leaseId, mode, LockTableOptions.DefaultMinLeaseTtlMs, (long)waitTimeout.TotalMilliseconds, ChannelOf(name), cancellationToken);
    }

    /// <summary>
    /// Acquires under the explicit lease, renewing it every quarter of <paramref name="ttlMs"/>
    /// while the request is queued, then once more at the grant so that the TTL counts from there.
    /// A lease opened by this same request (<paramref name="openedExpiresAtMs"/>) and granted at
    /// once is not renewed: its TTL started one commit before the grant, and a renewal would cost
    /// a whole extra commit on every uncontended acquire.
    /// </summary>
    private async Task<LeasedLock?> AcquireKeepingLeaseAsync(
        string name, ulong leaseId, LockMode mode, long ttlMs, long waitMs, RaftGroupChannel channel, CancellationToken cancellationToken, long? openedExpiresAtMs = null)
    {
        var result = await channel.ProposeAsync(new AcquireCommand(name, leaseId, mode, waitMs), cancellationToken);
        ulong? token;
        if (result.Status == LockResultStatus.Queued)
        {
            using var stopKeeping = new CancellationTokenSource();
            var lastRenewal = new StrongBox<long>(_time.GetTimestamp());
            var keeping = KeepWaitingLeaseAliveAsync(channel, leaseId, ttlMs, lastRenewal, stopKeeping.Token);
            try
            {
                token = await AwaitGrantAsync(
                    name, leaseId, () => _time.GetElapsedTime(Volatile.Read(ref lastRenewal.Value)).TotalMilliseconds >= ttlMs, result, waitMs, channel, cancellationToken);
            }
            finally
            {
                await stopKeeping.CancelAsync();
                await keeping;
            }
        }
        else
        {
            token = await AwaitGrantAsync(name, leaseId, () => false, result, waitMs, channel, cancellationToken);
        }

        if (token is not { } granted)
        {
            return null;
        }

        if (result.Status == LockResultStatus.Granted && openedExpiresAtMs is { } expiresAtMs)
        {
            return new LeasedLock(name, mode, leaseId, granted, DateTimeOffset.FromUnixTimeMilliseconds(expiresAtMs));
        }

        // Renew once so that the TTL counts from the grant, not from the start of the wait.
        var expiresAt = await KeepAliveLeaseAsync(name, leaseId, cancellationToken);
        return new LeasedLock(name, mode, leaseId, granted, expiresAt);
    }

    /// <summary>
    /// Renews a waiting lease at once (the open and the acquire have already used up part of its
    /// TTL, and commands of one client queue behind each other) and then every quarter of its TTL,
    /// until stopped or the group says it is gone. A renewal counts from when it was sent (the
    /// group stamps it no earlier). Failures are left to the wait: it ends with the lease's expiry
    /// if the lease does run out.
    /// </summary>
    private async Task KeepWaitingLeaseAliveAsync(RaftGroupChannel channel, ulong leaseId, long ttlMs, StrongBox<long> lastRenewal, CancellationToken stop)
    {
        var lastAttempt = _time.GetTimestamp();
        var period = TimeSpan.FromMilliseconds(ttlMs / 4.0);
        try
        {
            for (var renewal = 0; ; renewal++)
            {
                if (renewal > 0)
                {
                    // A period from when the last renewal was sent, not from when it was answered:
                    // a slow commit (a loaded machine, a failover) must not stretch the gap between
                    // renewals past the TTL.
                    var due = period - _time.GetElapsedTime(lastAttempt);
                    if (due > TimeSpan.Zero)
                    {
                        await Task.Delay(due, _time, stop);
                    }
                }

                var sentAt = _time.GetTimestamp();
                lastAttempt = sentAt;
                try
                {
                    var renewed = await channel.ProposeAsync(new KeepAliveCommand(leaseId), stop);
                    if (renewed.Status == LockResultStatus.Ok)
                    {
                        Volatile.Write(ref lastRenewal.Value, sentAt);
                    }
                    else if (renewed.Error is LockErrorCode.LeaseExpired or LockErrorCode.UnknownLease)
                    {
                        return;
                    }
                }
                catch (Exception exception) when (exception is TimeoutException or LockException)
                {
                    // Unreachable for now: the next period tries again while the wait lasts.
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The wait ended.
        }
    }

    /// <summary>An owner of its own for an explicit lease: this client's name, and a part no other lease has.</summary>
    private string NewLeaseOwner()
    {
        var prefix = _options.Owner.Length > MaxLeaseOwnerPrefix ? _options.Owner[..MaxLeaseOwnerPrefix] : _options.Owner;
        return $"{prefix}/lease-{Guid.NewGuid():N}";
    }

    /// <summary>Renews the lease for another TTL; returns when it now expires.</summary>
    /// <exception cref="LockException"><see cref="LockErrorCode.LeaseExpired"/> or <see cref="LockErrorCode.UnknownLease"/>.</exception>
    public async Task<DateTimeOffset> KeepAliveLeaseAsync(string name, ulong leaseId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var result = await ChannelOf(name).ProposeAsync(new KeepAliveCommand(leaseId), cancellationToken);
        return result.Status == LockResultStatus.Ok
            ? DateTimeOffset.FromUnixTimeMilliseconds(result.LeaseExpiresAtMs)
            : throw new LockException(result.Error, result.Detail ?? $"Lease {leaseId} could not be kept alive.");
    }

    /// <summary>Releases <paramref name="name"/> held under the lease, then closes the lease.</summary>
    /// <exception cref="LockException">The lease does not hold the lock (<see cref="LockErrorCode.NotHolder"/>), or is gone.</exception>
    public async Task ReleaseLeasedAsync(string name, ulong leaseId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var channel = ChannelOf(name);
        var released = await channel.ProposeAsync(new ReleaseCommand(name, leaseId), cancellationToken);
        if (released.Status != LockResultStatus.Ok)
        {
            throw new LockException(released.Error, released.Detail ?? $"Lease {leaseId} could not release '{name}'.");
        }

        await CloseLeaseQuietlyAsync(channel, leaseId);
    }

    private async Task CloseLeaseQuietlyAsync(RaftGroupChannel channel, ulong leaseId)
    {
        try
        {
            using var timeout = new CancellationTokenSource(_options.RequestTimeoutMs);
            await channel.ProposeAsync(new CloseLeaseCommand(leaseId), timeout.Token);
        }
        catch (Exception exception) when (exception is TimeoutException or OperationCanceledException or LockException)
        {
            // The lease then ends by its TTL, releasing whatever it still holds.
        }
    }
}
