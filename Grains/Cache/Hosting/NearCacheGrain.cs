using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Streams;
using OrleansSync.Grains.Interfaces.Cache;
using OrleansSync.Grains.Locks.Client;
using OrleansSync.Grains.Raft.Hosting;
using OrleansSync.Grains.Raft.StateMachines;
using OrleansSync.Grains.Service;

namespace OrleansSync.Grains.Cache.Hosting;

/// <summary>
/// The near cache of one silo: the pure <see cref="NearCache"/> driven the way the protocol's host
/// duties say (the local monotonic clock into every call; replies, notifications and invalidations
/// fed in; acks, renewals and evictions sent), with one <see cref="RaftGroupChannel"/> per group to
/// reach the directories through their leaders.
/// </summary>
/// <remarks>
/// Keyed by the identity of one incarnation of its silo and placed there. A re-activation starts
/// empty, with no leases: whatever an earlier activation held died with it, and the directory
/// waits out those leases. An activation that is not on the silo its key names (its silo died and
/// a late invalidation woke it elsewhere) is a stray: it acks nothing and serves nothing, because
/// it cannot know what the real silo still reads. Reentrant, so that a fill waiting for a recall
/// never blocks the invalidation that completes it; the model is touched between awaits only.
/// </remarks>
[Reentrant]
[KeepAlive]
[SiloKeyedPlacement]
[ImplicitStreamSubscription(CacheStreamNames.InvalidationNamespace)]
internal sealed partial class NearCacheGrain : Grain, INearCacheGrain
{
    /// <summary>Acks, renewals and evictions under way at once; past it they are dropped (the directory resends or the lease lapses).</summary>
    internal const int MaxBackgroundCommands = 1_024;

    private readonly CacheHostingOptions _options;
    private readonly RaftPeerOptions _raft;
    private readonly TimeProvider _time;
    private readonly ILocalSiloDetails _localSilo;
    private readonly ILogger<NearCacheGrain> _logger;
    private readonly NearCacheMetrics _metrics;
    private readonly NearCacheReadView _readView;
    private readonly Dictionary<int, RaftGroupChannel> _channels = [];
    private readonly long _startTimestamp;
    private CacheKeyMap? _keyMap;
    private NearCache? _cache;
    private INearCacheLineObserver? _mirror;
    private IGrainTimer? _renewals;
    private string _silo = string.Empty;
    private bool _stray;
    private int _backgroundCommands;

    public NearCacheGrain(
        IOptions<CacheHostingOptions> options,
        IOptions<RaftPeerOptions> raft,
        TimeProvider time,
        ILocalSiloDetails localSilo,
        NearCacheMetrics metrics,
        NearCacheReadView readView,
        ILogger<NearCacheGrain> logger)
    {
        _metrics = metrics;
        _readView = readView;
        _options = options.Value;
        _raft = raft.Value;
        _time = time;
        _localSilo = localSilo;
        _logger = logger;
        _startTimestamp = time.GetTimestamp();
    }

    private NearCache Cache => _cache ?? throw new InvalidOperationException("A stray near cache holds nothing.");

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _silo = this.GetPrimaryKeyString();
        _stray = !string.Equals(_silo, _localSilo.SiloAddress.ToParsableString(), StringComparison.Ordinal);
        var stream = this.GetStreamProvider(CacheStreamNames.Provider)
            .GetStream<CacheInvalidationBatch>(StreamId.Create(CacheStreamNames.InvalidationNamespace, _silo));
        await stream.SubscribeAsync(OnInvalidationsAsync);
        if (_stray)
        {
            LogStray(_silo, _localSilo.SiloAddress.ToParsableString());
            return;
        }

        _keyMap = new CacheKeyMap([.. Enumerable.Range(0, _raft.GroupCount)]);

        // In-silo readers serve hits from the silo's read view, which mirrors these lines (ADR 0032).
        _mirror = _readView.Attach(_startTimestamp);
        _cache = new NearCache(
            _silo,
            new NearCacheOptions
            {
                MaxEntries = _options.NearCacheMaxEntries,
                MaxBytes = _options.NearCacheMaxBytes,
                DriftAllowanceMs = _options.DriftAllowanceMs,
            },
            _mirror);
        var period = TimeSpan.FromMilliseconds(Math.Max(1, _options.LeaseMs / 8));
        _renewals = this.RegisterGrainTimer(RenewInUseLines, new GrainTimerCreationOptions { DueTime = period, Period = period, Interleave = true });
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _renewals?.Dispose();
        if (_mirror is not null)
        {
            _readView.Detach(_mirror);
        }

        foreach (var channel in _channels.Values)
        {
            channel.Dispose();
        }

        _channels.Clear();
        return Task.CompletedTask;
    }

    public async Task<CacheGetReply> Get(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_stray)
        {
            return GetFailure(CacheErrorCode.Unavailable, StrayDetail);
        }

        var read = Cache.Read(key, NowMs);
        if (read.Hit)
        {
            _metrics.Hit();
            return new CacheGetReply(read.Found, read.Value, read.Version, Hit: true, CacheErrorCode.None, null);
        }

        _metrics.Miss();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(_options.RequestTimeoutMs), _time);
        while (true)
        {
            if (Cache.BeginFill(key, NowMs) is not { } requestId)
            {
                return GetFailure(CacheErrorCode.Overloaded, "Too many cache requests are in flight on this silo.");
            }

            var result = await RunAsync(key, new CacheFillCommand(key, _silo), deadline.Token);
            switch (result.Status)
            {
                case CacheResultStatus.Granted:
                    // The value was committed at the grant, so it answers this read even if a newer
                    // invalidation fences the copy out of the cache.
                    Cache.CompleteFill(requestId, result);
                    SendEvictions();
                    return new CacheGetReply(true, result.Value, result.Version, Hit: false, CacheErrorCode.None, null);
                case CacheResultStatus.NotFound:
                    Cache.Abandon(requestId);
                    return new CacheGetReply(false, null, 0, Hit: false, CacheErrorCode.None, null);
                case CacheResultStatus.Waiting:
                    // Leadership moved and the outcome was lost: fill again (a fill is safe to repeat).
                    Cache.Abandon(requestId);
                    continue;
                default:
                    Cache.Abandon(requestId);
                    return GetFailure(result.Error, result.Detail);
            }
        }
    }

    public Task<CacheWriteReply> Put(string key, byte[] value, long ttlMs, long expectedVersion)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        return WriteAsync(key, value, CacheWriteCommand.Put(key, _silo, value, ttlMs, expectedVersion));
    }

    public Task<CacheWriteReply> Delete(string key, long expectedVersion)
    {
        ArgumentNullException.ThrowIfNull(key);
        return WriteAsync(key, null, CacheWriteCommand.Delete(key, _silo, expectedVersion));
    }

    public Task<string> GetLineState(string key) =>
        Task.FromResult(_stray ? "I" : Letter(Cache.StateOf(key, NowMs)));

    public Task<CacheSiloStats> GetStats()
    {
        if (!_stray)
        {
            HarvestReadViewHits();
        }

        var stats = _stray ? new NearCacheStats() : Cache.Stats(NowMs);
        return Task.FromResult(new CacheSiloStats(
            _silo, stats.Hits, stats.Misses, stats.InvalidationsReceived, stats.InvalidationsAcked, stats.Recalls, stats.Evictions,
            stats.Entries, stats.Bytes, stats.ModifiedLines, stats.ExclusiveLines, stats.SharedLines, _metrics.TotalInvalidationsSent));
    }

    public async Task<CacheDirectoryViewReply> GetDirectoryView(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_stray)
        {
            return new CacheDirectoryViewReply(null, CacheErrorCode.Unavailable, StrayDetail);
        }

        var channel = Channel(_keyMap!.GroupOf(key));
        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(_options.RequestTimeoutMs), _time);
        try
        {
            var query = new BinaryBuilder().Byte((byte)CacheQueryKind.GetEntry).String16(key).ToArray();
            var entry = CacheResultCodec.DecodeEntryInfo(await channel.ReadAsync(ServiceKind.Cache, query, deadline.Token));
            var owner = entry.Holders.FirstOrDefault(h => h.State != CacheLineState.Shared);
            return new CacheDirectoryViewReply(
                new CacheDirectoryView(
                    entry.Key,
                    entry.Exists,
                    entry.Version,
                    owner?.Silo,
                    owner is null ? null : Letter(owner.State),
                    [.. entry.Holders.Where(h => h.State == CacheLineState.Shared).Select(h => h.Silo)],
                    entry.PendingOperationIndex,
                    [.. entry.PendingWaitingFor]),
                CacheErrorCode.None,
                null);
        }
        catch (Exception exception) when (exception is TimeoutException or OperationCanceledException or LockException)
        {
            return new CacheDirectoryViewReply(null, CacheErrorCode.Unavailable, $"Cache group {channel.Group} did not answer: {exception.Message}");
        }
    }

    private long NowMs => (long)_time.GetElapsedTime(_startTimestamp).TotalMilliseconds;

    private static string StrayDetail => "This near cache is not on its silo (the silo is gone).";

    private async Task<CacheWriteReply> WriteAsync(string key, byte[]? value, CacheWriteCommand command)
    {
        if (_stray)
        {
            return new CacheWriteReply(0, CacheErrorCode.Unavailable, StrayDetail);
        }

        if (Cache.BeginWrite(key, value, NowMs) is not { } requestId)
        {
            return new CacheWriteReply(0, CacheErrorCode.Overloaded, "Too many cache requests are in flight on this silo.");
        }

        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(_options.RequestTimeoutMs), _time);
        var sent = _time.GetTimestamp();
        var waited = false;
        var result = await RunAsync(key, command, deadline.Token, onWaiting: () => waited = true);
        if (result.Status == CacheResultStatus.Written)
        {
            if (waited)
            {
                _metrics.InvalidationRoundTrip(_time.GetElapsedTime(sent));
            }

            Cache.CompleteWrite(requestId, result);
            SendEvictions();
            return new CacheWriteReply(result.Version, CacheErrorCode.None, null);
        }

        // Not known to be written (refused, or no answer in time): install nothing.
        Cache.Abandon(requestId);
        return result.Status == CacheResultStatus.Waiting
            ? new CacheWriteReply(0, CacheErrorCode.Unavailable, $"The write of '{key}' did not complete within {_options.RequestTimeoutMs} ms; it may still complete.")
            : new CacheWriteReply(result.Version, result.Error, result.Detail);
    }

    /// <summary>
    /// Proposes <paramref name="command"/> to the directory of <paramref name="key"/> and, when it
    /// waits, long-polls the leader for its outcome until <paramref name="deadline"/>. Answers
    /// <see cref="CacheResultStatus.Waiting"/> when the outcome is not known by then (or was lost
    /// with a leader), and a failure with <see cref="CacheErrorCode.Unavailable"/> when the group did not answer.
    /// </summary>
    private async Task<CacheResult> RunAsync(string key, CacheCommand command, CancellationToken deadline, Action? onWaiting = null)
    {
        var channel = Channel(_keyMap!.GroupOf(key));
        CacheResult result;
        try
        {
            result = CacheResultCodec.Decode((await channel.ProposeAsync(ServiceKind.Cache, CacheCommandCodec.Encode(command), deadline)).Span);
        }
        catch (Exception exception) when (exception is TimeoutException or OperationCanceledException or LockException)
        {
            return CacheResult.Fail(CacheErrorCode.Unavailable, $"Cache group {channel.Group} did not take the command: {exception.Message}");
        }

        if (result.Status == CacheResultStatus.Waiting)
        {
            onWaiting?.Invoke();
        }

        var lostOutcomes = 0;
        while (result.Status == CacheResultStatus.Waiting && !deadline.IsCancellationRequested)
        {
            try
            {
                var (payload, reachable) = await channel.WaitForEncodedOutcomeAsync(result.WaitId, _options.NotificationWaitMs, deadline);
                if (payload is not null)
                {
                    return CacheResultCodec.Decode(payload);
                }

                // Unknown: still pending, or the leader that knew the outcome is gone. Poll again a
                // few times, then let the caller decide (a fill is repeated; a write is reported unknown).
                if (reachable && ++lostOutcomes > 3)
                {
                    return result;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(20), _time, deadline);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return result;
    }

    private Task OnInvalidationsAsync(CacheInvalidationBatch batch, StreamSequenceToken? token)
    {
        if (_stray || !string.Equals(batch.Silo, _silo, StringComparison.Ordinal))
        {
            return Task.CompletedTask;
        }

        var recallsBefore = Cache.Recalls;
        foreach (var notice in batch.Notices)
        {
            var ack = Cache.OnInvalidation(new CacheInvalidation(_silo, notice.Key, notice.OperationIndex, notice.Downgrade));
            SendInBackground(notice.Key, ack.ToCommand(_silo), null);
        }

        _metrics.Acked(batch.Notices.Length);
        _metrics.Recalled(Cache.Recalls - recallsBefore);

        SendEvictions();
        return Task.CompletedTask;
    }

    private Task RenewInUseLines(CancellationToken cancellationToken)
    {
        HarvestReadViewHits();
        foreach (var renewal in Cache.TakeRenewals(NowMs, _options.LeaseMs))
        {
            if (!SendInBackground(renewal.Key, renewal.ToCommand(_silo), result => Cache.CompleteRenewal(renewal.RequestId, result)))
            {
                Cache.Abandon(renewal.RequestId);
            }
        }

        SendEvictions();
        var stats = Cache.Stats(NowMs);
        _metrics.Lines(stats.ModifiedLines, stats.ExclusiveLines, stats.SharedLines, stats.Bytes);
        return Task.CompletedTask;
    }

    /// <summary>Counts the hits in-silo readers served from the read view, and marks their lines used (LRU, renewal by use).</summary>
    private void HarvestReadViewHits()
    {
        var (hits, usedKeys) = _readView.Harvest();
        if (hits > 0)
        {
            Cache.CountMirroredHits(hits, usedKeys);
        }
    }

    /// <summary>Evicted lines are told to the directory lazily: a lost notice only keeps a lease until it lapses.</summary>
    private void SendEvictions()
    {
        var evictions = Cache.TakeEvictions();
        if (evictions.Count > 0)
        {
            _metrics.Evicted(evictions.Count);
        }

        foreach (var eviction in evictions)
        {
            SendInBackground(eviction.Key, eviction.ToCommand(_silo), null);
        }
    }

    /// <summary>Starts a command whose answer nobody waits for; false when too many are under way.</summary>
    private bool SendInBackground(string key, CacheCommand command, Action<CacheResult>? onResult)
    {
        if (_backgroundCommands >= MaxBackgroundCommands)
        {
            LogBackgroundDropped(_silo, command.GetType().Name, key);
            return false;
        }

        _backgroundCommands++;
        _ = SendAsync(key, command, onResult);
        return true;
    }

    private async Task SendAsync(string key, CacheCommand command, Action<CacheResult>? onResult)
    {
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(_options.RequestTimeoutMs), _time);
            var result = await RunAsync(key, command, deadline.Token);
            onResult?.Invoke(result);
        }
        catch (Exception exception)
        {
            LogBackgroundFailed(_silo, command.GetType().Name, key, exception.Message);
        }
        finally
        {
            // Continuations run on this grain's turn, so the count needs no interlocking.
            _backgroundCommands--;
        }
    }

    private RaftGroupChannel Channel(int group)
    {
        if (!_channels.TryGetValue(group, out var channel))
        {
            channel = new RaftGroupChannel(
                new GrainFactoryPeerResolver(GrainFactory),
                group,
                new DistributedLockClientOptions
                {
                    GroupCount = _raft.GroupCount,
                    ReplicaCount = _raft.ReplicaCount,
                    RequestTimeoutMs = _options.RequestTimeoutMs,
                    NotificationWaitMs = Math.Min(_options.NotificationWaitMs, 10_000),
                    Owner = "cache-" + _silo,
                },
                _time);
            _channels.Add(group, channel);
        }

        return channel;
    }

    private static CacheGetReply GetFailure(CacheErrorCode error, string? detail) => new(false, null, 0, false, error, detail);

    private static string Letter(CacheLineState state) => state switch
    {
        CacheLineState.Modified => "M",
        CacheLineState.Exclusive => "E",
        CacheLineState.Shared => "S",
        _ => "I",
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Near cache {Silo} activated on {LocalSilo}, not on its own silo: it serves and acks nothing.")]
    private partial void LogStray(string silo, string localSilo);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Near cache {Silo} dropped a {Command} of '{Key}': too many commands under way.")]
    private partial void LogBackgroundDropped(string silo, string command, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Near cache {Silo}: a {Command} of '{Key}' failed: {Message}.")]
    private partial void LogBackgroundFailed(string silo, string command, string key, string message);
}
