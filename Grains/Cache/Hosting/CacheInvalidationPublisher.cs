using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Streams;
using OrleansSync.Grains.Interfaces.Cache;
using OrleansSync.Grains.Raft.Hosting;
using OrleansSync.Grains.Service;

namespace OrleansSync.Grains.Cache.Hosting;

/// <summary>
/// Gets the cache directory's invalidations out of its Raft group: after every applied batch it
/// drains <see cref="CacheDirectory.TakeInvalidations"/> (on every replica, so a follower does not
/// pile them up), and on the leader publishes them on each holder silo's invalidation stream. A new
/// leader, and the leader every <see cref="ResendIntervalMs"/>, republishes
/// <see cref="CacheDirectory.PendingInvalidations"/>: streams are at most once, and the old
/// leader's sends may have died with it.
/// </summary>
internal sealed partial class CacheInvalidationPublisher(IServiceProvider services, TimeProvider time, NearCacheMetrics metrics, ILogger<CacheInvalidationPublisher> logger) : IRaftApplyObserver
{
    /// <summary>How often a leader resends what is still unacknowledged (well under the lease, so a lost notice costs little).</summary>
    public const long ResendIntervalMs = 250;

    /// <summary>Publishes under way at once on this silo; past it a batch is dropped, and the next resend carries it.</summary>
    public const int MaxPublishesInFlight = 1_024;

    private readonly Lock _gate = new();
    private readonly Dictionary<int, long> _lastResendByGroup = [];
    private readonly long _startTimestamp = time.GetTimestamp();
    private IStreamProvider? _provider;
    private int _publishesInFlight;

    public void AfterApply(RaftApplyContext context)
    {
        if (context.StateMachine is not ServiceStateMachine service)
        {
            return;
        }

        var fresh = service.Cache.TakeInvalidations();
        if (!context.IsLeader)
        {
            return;
        }

        var toSend = ResendDue(context.Group, context.BecameLeader)
            ? [.. service.Cache.PendingInvalidations().Concat(fresh).Distinct()]
            : fresh;
        foreach (var perSilo in toSend.GroupBy(i => i.Silo, StringComparer.Ordinal))
        {
            Publish(new CacheInvalidationBatch(
                perSilo.Key,
                [.. perSilo.Select(i => new CacheInvalidationNotice(i.Key, i.OperationIndex, i.Downgrade))]));
        }
    }

    private bool ResendDue(int group, bool becameLeader)
    {
        var nowMs = (long)time.GetElapsedTime(_startTimestamp).TotalMilliseconds;
        lock (_gate)
        {
            if (!becameLeader && _lastResendByGroup.TryGetValue(group, out var last) && nowMs - last < ResendIntervalMs)
            {
                return false;
            }

            _lastResendByGroup[group] = nowMs;
            return true;
        }
    }

    private void Publish(CacheInvalidationBatch batch)
    {
        if (Interlocked.Increment(ref _publishesInFlight) > MaxPublishesInFlight)
        {
            Interlocked.Decrement(ref _publishesInFlight);
            LogPublishDropped(batch.Silo, batch.Notices.Length);
            return;
        }

        _ = PublishAsync(batch);
    }

    private async Task PublishAsync(CacheInvalidationBatch batch)
    {
        try
        {
            _provider ??= services.GetRequiredKeyedService<IStreamProvider>(CacheStreamNames.Provider);
            var stream = _provider.GetStream<CacheInvalidationBatch>(StreamId.Create(CacheStreamNames.InvalidationNamespace, batch.Silo));
            await stream.OnNextAsync(batch);
            metrics.Sent(batch.Notices.Length);
        }
        catch (Exception exception)
        {
            // At most once by design: the leader resends every pending invalidation shortly.
            LogPublishFailed(batch.Silo, exception.GetType().Name, exception.Message);
        }
        finally
        {
            Interlocked.Decrement(ref _publishesInFlight);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped {Count} cache invalidations for {Silo}: too many publishes in flight (they are resent).")]
    private partial void LogPublishDropped(string silo, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing cache invalidations to {Silo} failed ({Kind}: {Message}); they are resent.")]
    private partial void LogPublishFailed(string silo, string kind, string message);
}
