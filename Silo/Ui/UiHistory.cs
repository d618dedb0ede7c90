using OrleansSync.Grains.Locks.Client;
using OrleansSync.Silo.Hosting;
using OrleansSync.Silo.Status;

namespace OrleansSync.Silo.Ui;

/// <summary>
/// The pages' short memory: every <see cref="IntervalMs"/> a sample (active silos, groups with a
/// leader, each group's commit index, lock and lease totals) into a ring of
/// <see cref="MaxSamples"/>, and every leader change seen in the Raft status cache into a ring of
/// <see cref="MaxElections"/>. Only the lock totals cost grain calls (one bounded read per group
/// per sample), so they are read only while the pages are in use (asked for within
/// <see cref="LockTotalsWhileViewedFor"/>): an idle cluster is not read for a chart nobody sees.
/// The rest comes from the status cache the silo keeps anyway.
/// </summary>
internal sealed class UiHistory(RaftStatusCache status, SiloState silo, DistributedLockClient locks, SiloHostOptions options, TimeProvider time)
    : BackgroundService
{
    public const int IntervalMs = 2_000;
    public const int MaxSamples = 180;
    public const int MaxElections = 64;

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
        var (lockCount, leaseCount) = viewed != long.MinValue && time.GetUtcNow().UtcTicks - viewed <= LockTotalsWhileViewedFor.Ticks
            ? await ReadTotalsAsync(stoppingToken)
            : (null, null);
        var groups = snapshot?.Groups ?? [];
        var sample = new UiSample(
            time.GetUtcNow(),
            silo.ActiveSiloCount,
            groups.Count(g => g.LeaderReplica is not null),
            [.. Enumerable.Range(0, options.Groups).Select(g => groups.FirstOrDefault(s => s.Group == g) is { LeaderReplica: not null } s ? s.CommitIndex : (ulong?)null)],
            lockCount,
            leaseCount);
        lock (_gate)
        {
            _samples.Enqueue(sample);
            while (_samples.Count > MaxSamples)
            {
                _samples.Dequeue();
            }
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
