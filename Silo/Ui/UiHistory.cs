using OrleansSync.Grains.Interfaces.Cache;
using OrleansSync.Grains.Locks.Client;
using OrleansSync.Silo.Api;
using OrleansSync.Silo.Hosting;
using OrleansSync.Silo.Status;

namespace OrleansSync.Silo.Ui;

/// <summary>
/// The pages' short memory: every <see cref="IntervalMs"/> a sample (active silos, groups with a
/// leader, each group's commit index and its leader's proposal counters, lock, lease, queue and
/// cache totals) into a ring of <see cref="MaxSamples"/>, and every leader change seen in the Raft
/// status cache into a ring of <see cref="MaxElections"/>. Only the totals cost grain calls (one
/// bounded read per group for locks and one for queues, one per active silo for its near cache,
/// per sample), so they are read only while the pages are in use (asked for within
/// <see cref="LockTotalsWhileViewedFor"/>): an idle cluster is not read for a chart nobody sees.
/// The rest comes from the status cache the silo keeps anyway.
/// </summary>
internal sealed class UiHistory(
    RaftStatusCache status, SiloState silo, DistributedLockClient locks, QueueListReader queues, IGrainFactory grains, SiloHostOptions options, TimeProvider time)
    : BackgroundService
{
    public const int IntervalMs = 2_000;
    public const int MaxSamples = 180;
    public const int MaxElections = 64;

    /// <summary>Queues sampled one by one (the first by name), for the Queues page's rate charts; the totals cover every queue.</summary>
    public const int MaxSampledQueues = 32;

    /// <summary>How long after the pages last asked this silo for data the lock totals are still sampled.</summary>
    public static readonly TimeSpan LockTotalsWhileViewedFor = TimeSpan.FromMinutes(10);

    private readonly Lock _gate = new();
    private readonly Queue<UiSample> _samples = new();
    private readonly LinkedList<ObservedElection> _elections = new();
    private readonly Dictionary<int, (ulong Term, int? Leader, string? Silo)> _leaders = [];
    private long _lastViewedTicks = long.MinValue;

    /// <summary>Notes that the pages read this silo (so lock totals are sampled for a while).</summary>
    public void Viewed() => Interlocked.Exchange(ref _lastViewedTicks, time.GetUtcNow().UtcTicks);

    public UiHistoryState Current()
    {
        lock (_gate)
        {
            return new UiHistoryState(silo.Name, IntervalMs, [.. _samples], [.. _elections]);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var tick = 0;
            while (true)
            {
                // Leader changes are looked for every refresh of the status cache, samples every IntervalMs.
                if (status.Latest is { } snapshot && !status.IsStale(snapshot))
                {
                    ObserveLeaders(snapshot.Groups, snapshot.ReadAt);
                }

                if (tick++ % Math.Max(1, IntervalMs / options.StatusRefreshIntervalMs) == 0)
                {
                    await SampleAsync(stoppingToken);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(IntervalMs, options.StatusRefreshIntervalMs)), time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutdown.
        }
    }

    /// <summary>
    /// Records the leaders of <paramref name="groups"/> as the status cache read them at
    /// <paramref name="readAt"/>: a leader in a later term is a change; a reading in an older term
    /// (a replica lagging behind) is not.
    /// </summary>
    private void ObserveLeaders(IReadOnlyList<RaftGroupSummary> groups, DateTimeOffset readAt)
    {
        ArgumentNullException.ThrowIfNull(groups);
        lock (_gate)
        {
            foreach (var group in groups.Where(g => g.LeaderReplica is not null))
            {
                var seen = _leaders.TryGetValue(group.Group, out var before);
                if (seen && (group.Term < before.Term || (group.Term == before.Term && before.Leader == group.LeaderReplica)))
                {
                    continue;
                }

                _leaders[group.Group] = (group.Term, group.LeaderReplica, group.LeaderSilo);
                _elections.AddFirst(new ObservedElection(readAt, group.Group, group.Term, group.LeaderReplica, group.LeaderSilo, seen ? before.Silo : null));
                if (_elections.Count > MaxElections)
                {
                    _elections.RemoveLast();
                }
            }
        }
    }

    private async Task SampleAsync(CancellationToken stoppingToken)
    {
        var snapshot = status.Latest;
        var viewed = Interlocked.Read(ref _lastViewedTicks);
        var inUse = viewed != long.MinValue && time.GetUtcNow().UtcTicks - viewed <= LockTotalsWhileViewedFor.Ticks;
        var lockTotals = inUse ? ReadTotalsAsync(stoppingToken) : Task.FromResult<(int?, int?)>((null, null));
        var queueTotals = inUse ? ReadQueuesAsync(stoppingToken) : Task.FromResult<QueueListState?>(null);
        var cacheTotals = inUse ? ReadCacheAsync(stoppingToken) : Task.FromResult<CacheSiloStats[]?>(null);
        var (lockCount, leaseCount) = await lockTotals;
        var queueList = await queueTotals;
        var cacheStats = await cacheTotals;
        var groups = Enumerable.Range(0, options.Groups)
            .Select(g => (snapshot?.Groups ?? []).FirstOrDefault(s => s.Group == g && s.LeaderReplica is not null))
            .ToList();
        var leaders = groups.Select(g => g?.Replicas.FirstOrDefault(r => r.IsLeader && r.Replica == g.LeaderReplica)?.Status).ToList();
        var sample = new UiSample(
            time.GetUtcNow(),
            silo.ActiveSiloCount,
            groups.Count(g => g is not null),
            [.. groups.Select(g => g?.CommitIndex)],
            lockCount,
            leaseCount)
        {
            LeaderReplicas = [.. leaders.Select(l => l?.Replica)],
            ProposalsCommitted = [.. leaders.Select(l => l?.ProposalsCommitted)],
            CommitLatencyMsTotals = [.. leaders.Select(l => l?.CommitLatencyMsTotal)],
            QueueMessages = queueList?.TotalMessages,
            QueueSent = queueList?.TotalSent,
            QueueAcked = queueList?.TotalAcked,
            Queues = queueList is null ? null : [.. queueList.Queues.Select(q => new UiQueueSample(q.Name, q.Messages, q.Totals.SentTotal, q.Totals.AckedTotal))],
            CacheLines = cacheStats?.Sum(c => c.ModifiedLines + c.ExclusiveLines + c.SharedLines),
            CacheHits = cacheStats?.Sum(c => c.Hits),
            CacheMisses = cacheStats?.Sum(c => c.Misses),
        };
        lock (_gate)
        {
            _samples.Enqueue(sample);
            while (_samples.Count > MaxSamples)
            {
                _samples.Dequeue();
            }
        }
    }

    /// <summary>Every queue's totals and the first <see cref="MaxSampledQueues"/>; null when any group did not answer (a gap, not a wrong total).</summary>
    private async Task<QueueListState?> ReadQueuesAsync(CancellationToken stoppingToken)
    {
        try
        {
            var listing = await queues.ReadAsync(string.Empty, MaxSampledQueues, stoppingToken);
            return listing.Groups.Any(g => g.Error is not null) ? null : listing;
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested && exception is not OutOfMemoryException)
        {
            // Each group's read is bounded and reports its own failure; anything else is a gap too, never a failed sampler.
            return null;
        }
    }

    /// <summary>Every active silo's near-cache stats, each bounded by the status timeout; null when any did not answer.</summary>
    private async Task<CacheSiloStats[]?> ReadCacheAsync(CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(TimeSpan.FromMilliseconds(options.StatusTimeoutMs));
        try
        {
            return await Task.WhenAll(silo.ActiveSilos.Select(s => grains.GetGrain<INearCacheGrain>(s.ToParsableString()).GetStats()))
                .WaitAsync(timeout.Token);
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested && exception is not OutOfMemoryException)
        {
            // A silo that just died (or a near cache still activating) leaves a gap in the chart.
            return null;
        }
    }

    /// <summary>Lock and lease totals over every group, each read bounded by the status timeout; null when any group did not answer.</summary>
    private async Task<(int? Locks, int? Leases)> ReadTotalsAsync(CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(TimeSpan.FromMilliseconds(options.StatusTimeoutMs));
        try
        {
            var listings = await Task.WhenAll(Enumerable.Range(0, options.Groups).Select(g => locks.ListLocksAsync(g, string.Empty, 0, timeout.Token)))
                .WaitAsync(timeout.Token);
            return (listings.Sum(l => l.LockCount), listings.Sum(l => l.LeaseCount));
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested && exception is not OutOfMemoryException)
        {
            // A group electing a leader (or a silo still starting) leaves a gap in the chart, not a failed sampler.
            return (null, null);
        }
    }
}
