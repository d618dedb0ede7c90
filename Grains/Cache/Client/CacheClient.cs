using OrleansSync.Grains.Cache.Hosting;
using OrleansSync.Grains.Interfaces.Cache;

namespace OrleansSync.Grains.Cache.Client;

/// <summary>
/// The coherent cache through one silo's near cache: <c>await client.Cache().SetAsync("k", bytes)</c>.
/// Reads are linearizable (a hit is served from that silo's live copy); writes are write-through:
/// they return once every other copy is gone and the value is committed. Errors are
/// <see cref="CacheException"/> with a <see cref="CacheErrorCode"/>.
/// </summary>
public sealed class CacheClient
{
    /// <summary>How long <see cref="StateAsync"/> and <see cref="ClusterStatsAsync"/> wait for one silo before reporting it unanswered.</summary>
    public static readonly TimeSpan SiloReadTimeout = TimeSpan.FromSeconds(5);

    private readonly IGrainFactory _grains;
    private readonly SemaphoreSlim _resolveGate = new(1, 1);
    private readonly NearCacheReadView? _localView;
    private string? _silo;

    public CacheClient(IGrainFactory grains, CacheClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(grains);
        _grains = grains;
        _silo = options?.Silo;
    }

    /// <summary>In a silo: through the local near cache, serving its live lines from <paramref name="localView"/> with no grain call.</summary>
    internal CacheClient(IGrainFactory grains, CacheClientOptions options, NearCacheReadView localView)
        : this(grains, options)
    {
        ArgumentNullException.ThrowIfNull(localView);
        _localView = localView;
    }

    /// <summary>The value of <paramref name="key"/>, or null when it has none.</summary>
    public async Task<CacheValue?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_localView?.TryRead(key) is { Hit: true } local)
        {
            return local.Found ? new CacheValue(local.Value ?? [], local.Version) { Hit = true } : null;
        }

        var reply = await (await NearCacheAsync(cancellationToken)).Get(key).WaitAsync(cancellationToken);
        ThrowIfFailed(reply.Error, reply.Detail, 0);
        return reply.Found ? new CacheValue(reply.Value ?? [], reply.Version) { Hit = reply.Hit } : null;
    }

    /// <summary>Writes <paramref name="value"/> (with an optional TTL); returns the new version.</summary>
    public Task<ulong> SetAsync(string key, byte[] value, TimeSpan? ttl = null, CancellationToken cancellationToken = default) =>
        PutAsync(key, value, ttl, -1, cancellationToken);

    /// <summary>Writes <paramref name="value"/> only if the key is at <paramref name="expectedVersion"/> (0 = absent); returns the new version.</summary>
    /// <exception cref="CacheException"><see cref="CacheErrorCode.VersionMismatch"/> with <see cref="CacheException.CurrentVersion"/>.</exception>
    public Task<ulong> CompareAndSetAsync(string key, ulong expectedVersion, byte[] value, TimeSpan? ttl = null, CancellationToken cancellationToken = default) =>
        PutAsync(key, value, ttl, checked((long)expectedVersion), cancellationToken);

    /// <summary>Deletes <paramref name="key"/> (a no-op when it has no value).</summary>
    public async Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        var reply = await (await NearCacheAsync(cancellationToken)).Delete(key, -1).WaitAsync(cancellationToken);
        ThrowIfFailed(reply.Error, reply.Detail, reply.Version);
    }

    /// <summary>The near cache's counters and lines of the silo this client goes through.</summary>
    public async Task<CacheSiloStats> StatsAsync(CancellationToken cancellationToken = default) =>
        await (await NearCacheAsync(cancellationToken)).GetStats().WaitAsync(cancellationToken);

    /// <summary>The MESI state ("M", "E", "S" or "I") of this client's silo's copy of <paramref name="key"/>.</summary>
    public async Task<string> LineStateAsync(string key, CancellationToken cancellationToken = default) =>
        await (await NearCacheAsync(cancellationToken)).GetLineState(key).WaitAsync(cancellationToken);

    /// <summary>
    /// The directory's view of <paramref name="key"/> (owner or sharers, version) and every active
    /// silo's line state, each silo asked at once and within <see cref="SiloReadTimeout"/>.
    /// </summary>
    /// <exception cref="CacheException"><see cref="CacheErrorCode.Unavailable"/> when the directory could not be read.</exception>
    public async Task<CacheKeyState> StateAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var silos = await SilosAsync(cancellationToken);
        var reply = await (await NearCacheAsync(cancellationToken)).GetDirectoryView(key).WaitAsync(cancellationToken);
        ThrowIfFailed(reply.Error, reply.Detail, 0);
        var view = reply.View ?? throw new CacheException(CacheErrorCode.Unavailable, "The directory sent no view.");
        var lines = await Task.WhenAll(silos.Active.Select(async silo =>
        {
            var (state, error) = await AskAsync(silo, grain => grain.GetLineState(key), cancellationToken);
            return new CacheSiloLine(silo, state, error);
        }));
        return new CacheKeyState(
            view.Key,
            view.Exists,
            view.Version,
            view.Owner is { } owner ? silos.Named(owner) : null,
            view.OwnerState,
            [.. view.Sharers.Select(silos.Named)],
            lines);
    }

    /// <summary>Every active silo's near-cache counters and lines, each silo asked at once and within <see cref="SiloReadTimeout"/>.</summary>
    public async Task<IReadOnlyList<CacheSiloReport>> ClusterStatsAsync(CancellationToken cancellationToken = default)
    {
        var silos = await SilosAsync(cancellationToken);
        return await Task.WhenAll(silos.Active.Select(async silo =>
        {
            var (stats, error) = await AskAsync(silo, grain => grain.GetStats(), cancellationToken);
            return new CacheSiloReport(silo, stats, error);
        }));
    }

    private async Task<(T? Value, string? Error)> AskAsync<T>(CacheSilo silo, Func<INearCacheGrain, Task<T>> ask, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return (await ask(_grains.GetGrain<INearCacheGrain>(silo.Identity)).WaitAsync(SiloReadTimeout, cancellationToken), null);
        }
        catch (Exception exception) when (exception is TimeoutException or OrleansException)
        {
            return (null, exception is TimeoutException
                ? $"{silo.Name} did not answer within {SiloReadTimeout.TotalMilliseconds} ms."
                : $"{exception.GetType().Name}: {exception.Message}");
        }
    }

    /// <summary>The membership: every silo it names (for holders that died since) and the active ones, in address order.</summary>
    private async Task<CacheSiloDirectory> SilosAsync(CancellationToken cancellationToken)
    {
        MembershipEntry[] hosts;
        try
        {
            hosts = await _grains.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: false, cancellationToken).WaitAsync(SiloReadTimeout, cancellationToken);
        }
        catch (Exception exception) when (exception is TimeoutException or OrleansException)
        {
            throw new CacheException(CacheErrorCode.Unavailable, $"The membership could not be read: {exception.Message}");
        }

        var ordered = hosts
            .OrderBy(h => h.SiloAddress.Endpoint.ToString(), StringComparer.Ordinal)
            .ThenBy(h => h.SiloAddress.Generation)
            .Select(h => (Silo: new CacheSilo(h.SiloAddress.ToParsableString(), h.SiloName ?? h.SiloAddress.Endpoint.ToString()), h.Status))
            .ToList();
        return new CacheSiloDirectory(
            ordered.ToDictionary(s => s.Silo.Identity, s => s.Silo, StringComparer.Ordinal),
            [.. ordered.Where(s => s.Status == SiloStatus.Active).Select(s => s.Silo)]);
    }

    private async Task<ulong> PutAsync(string key, byte[] value, TimeSpan? ttl, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(value);
        var ttlMs = ttl is { } t ? (long)Math.Ceiling(t.TotalMilliseconds) : 0;
        if (ttlMs < 0)
        {
            throw new CacheException(CacheErrorCode.InvalidArgument, "A TTL must not be negative.");
        }

        var reply = await (await NearCacheAsync(cancellationToken)).Put(key, value, ttlMs, expectedVersion).WaitAsync(cancellationToken);
        ThrowIfFailed(reply.Error, reply.Detail, reply.Version);
        return reply.Version;
    }

    private async Task<INearCacheGrain> NearCacheAsync(CancellationToken cancellationToken)
    {
        if (_silo is null)
        {
            await _resolveGate.WaitAsync(cancellationToken);
            try
            {
                if (_silo is null)
                {
                    var hosts = await _grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true, cancellationToken);
                    _silo = hosts.Keys.Select(s => s.ToParsableString()).Order(StringComparer.Ordinal).FirstOrDefault()
                        ?? throw new CacheException(CacheErrorCode.Unavailable, "No silo is active.");
                }
            }
            finally
            {
                _resolveGate.Release();
            }
        }

        return _grains.GetGrain<INearCacheGrain>(_silo);
    }

    private static void ThrowIfFailed(CacheErrorCode error, string? detail, ulong version)
    {
        if (error != CacheErrorCode.None)
        {
            throw new CacheException(error, detail ?? error.ToString()) { CurrentVersion = version };
        }
    }
}
