using OrleansSync.Grains.Interfaces.Locks;

namespace OrleansSync.Grains.Locks.Client;

/// <summary>
/// Explicit leases, for holders that outlive one call or one process: the HTTP API and the
/// console client hand the lease id to their caller, who keeps it alive or releases it later.
/// A lease id is only meaningful together with a lock name, which picks the Raft group.
/// </summary>
public sealed partial class DistributedLockClient
{
    /// <summary>
    /// Opens a lease of <paramref name="ttl"/> and acquires <paramref name="name"/> under it,
    /// waiting in the FIFO queue up to <paramref name="waitTimeout"/> (zero: only if free now).
    /// The lease is not kept alive: it lasts <paramref name="ttl"/> past the grant unless
    /// <see cref="KeepAliveLeaseAsync"/> renews it.
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
        var waitMs = (long)waitTimeout.TotalMilliseconds;
        var channel = ChannelOf(name);
        var opened = await channel.ProposeAsync(new OpenLeaseCommand(_options.Owner, ttlMs), cancellationToken);
        if (opened.Status != LockResultStatus.Ok)
        {
            throw new LockException(opened.Error, opened.Detail ?? "Could not open a lease.");
        }

        var leaseId = opened.LeaseId;
        var openedAt = _time.GetTimestamp();
        try
        {
            var result = await channel.ProposeAsync(new AcquireCommand(name, leaseId, mode, waitMs), cancellationToken);
            var token = await AwaitGrantAsync(
                name, leaseId, () => _time.GetElapsedTime(openedAt).TotalMilliseconds >= ttlMs, result, waitMs, channel, cancellationToken);
            if (token is not { } granted)
            {
                await CloseLeaseQuietlyAsync(channel, leaseId);
                return null;
            }

            // Renew once so that the TTL counts from the grant, not from the start of the wait.
            var expiresAt = await KeepAliveLeaseAsync(name, leaseId, cancellationToken);
            return new LeasedLock(name, mode, leaseId, granted, expiresAt);
        }
        catch (Exception exception) when (exception is LockException or OperationCanceledException or TimeoutException)
        {
            await CloseLeaseQuietlyAsync(channel, leaseId);
            throw;
        }
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
