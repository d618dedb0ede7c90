using System.Diagnostics.Metrics;
using OrleansSync.Silo.Hosting;
using OrleansSync.Silo.Status;
using Prometheus;

namespace OrleansSync.Silo.Metrics;

/// <summary>
/// This silo's Prometheus registry (prometheus-net, ADR 0013): Orleans' own <c>Microsoft.Orleans</c>
/// meter and any <c>OrleansSync.*</c> meter of this silo's <see cref="IMeterFactory"/> through
/// prometheus-net's meter adapter, and the Raft and silo gauges, set from the cached status just
/// before each scrape (a scrape never waits on a grain call). Several silos in one process each
/// have their own registry and meter factory, so each <c>/metrics</c> shows its own silo.
/// </summary>
internal sealed class SiloMetrics : IDisposable
{
    public const string OrleansMeter = "Microsoft.Orleans";
    public const string OwnMeterPrefix = "OrleansSync";

    private readonly IDisposable _meterAdapter;
    private readonly Gauge _joined;
    private readonly Gauge _activeSilos;
    private readonly Gauge _statusAge;
    private readonly Gauge _hasLeader;
    private readonly Gauge _replicaUp;
    private readonly Gauge _term;
    private readonly Gauge _commitIndex;
    private readonly Gauge _appliedIndex;
    private readonly Gauge _isLeader;
    private readonly Gauge _proposalsCommitted;
    private readonly Gauge _commitLatencyMsSum;

    public SiloMetrics(IMeterFactory meterFactory, SiloState silo, RaftStatusCache status, TimeProvider time)
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        var metrics = Prometheus.Metrics.WithCustomRegistry(Registry);
        _meterAdapter = MeterAdapter.StartListening(new MeterAdapterOptions
        {
            Registry = Registry,
            MetricFactory = metrics,
            InstrumentFilterPredicate = instrument => ReferenceEquals(instrument.Meter.Scope, meterFactory)
                && (instrument.Meter.Name == OrleansMeter || instrument.Meter.Name.StartsWith(OwnMeterPrefix, StringComparison.Ordinal)),
        });
        _joined = metrics.CreateGauge("orleanssync_silo_joined", "1 when this silo is active in its own membership view.", "silo");
        _activeSilos = metrics.CreateGauge("orleanssync_silo_active_silos", "Active silos in this silo's membership view.", "silo");
        _statusAge = metrics.CreateGauge("orleanssync_raft_status_age_seconds", "Seconds since the Raft status below was read.");
        _hasLeader = metrics.CreateGauge("orleanssync_raft_group_has_leader", "1 when some replica of the group reports being its leader.", "group");
        _replicaUp = metrics.CreateGauge("orleanssync_raft_replica_up", "1 when the replica answered the last status read.", "group", "replica");
        _term = metrics.CreateGauge("orleanssync_raft_term", "The replica's current Raft term.", "group", "replica");
        _commitIndex = metrics.CreateGauge("orleanssync_raft_commit_index", "The replica's commit index.", "group", "replica");
        _appliedIndex = metrics.CreateGauge("orleanssync_raft_applied_index", "The replica's applied index.", "group", "replica");
        _isLeader = metrics.CreateGauge("orleanssync_raft_is_leader", "1 when the replica is its group's leader.", "group", "replica");
        _proposalsCommitted = metrics.CreateGauge(
            "orleanssync_raft_proposals_committed", "Proposals the replica committed as leader since its activation (restarts at 0 with a new activation).", "group", "replica");
        _commitLatencyMsSum = metrics.CreateGauge(
            "orleanssync_raft_commit_latency_ms_sum", "Sum of those proposals' arrival-to-commit milliseconds at the leader (mean = growth of this / growth of proposals_committed).", "group", "replica");
        Registry.AddBeforeCollectCallback(() => Update(silo, status.Latest, time));
    }

    public CollectorRegistry Registry { get; }

    public void Dispose() => _meterAdapter.Dispose();

    private void Update(SiloState silo, RaftStatusSnapshot? snapshot, TimeProvider time)
    {
        _joined.WithLabels(silo.Name).Set(silo.IsActive ? 1 : 0);
        _activeSilos.WithLabels(silo.Name).Set(silo.ActiveSiloCount);
        if (snapshot is null)
        {
            return;
        }

        _statusAge.Set((time.GetUtcNow() - snapshot.ReadAt).TotalSeconds);
        foreach (var group in snapshot.Groups)
        {
            _hasLeader.WithLabels(Text(group.Group)).Set(group.LeaderReplica is null ? 0 : 1);
        }

        // Replicas come and go with replacements: only the current members are exported.
        foreach (var gauge in new[] { _replicaUp, _term, _commitIndex, _appliedIndex, _isLeader, _proposalsCommitted, _commitLatencyMsSum })
        {
            foreach (var labels in gauge.GetAllLabelValues().ToList())
            {
                gauge.RemoveLabelled(labels);
            }
        }

        foreach (var reading in snapshot.Groups.SelectMany(g => g.Replicas))
        {
            var labels = new[] { Text(reading.Group), Text(reading.Replica) };
            _replicaUp.WithLabels(labels).Set(reading.Status is null ? 0 : 1);
            if (reading.Status is { } replica)
            {
                _term.WithLabels(labels).Set(replica.Term);
                _commitIndex.WithLabels(labels).Set(replica.CommitIndex);
                _appliedIndex.WithLabels(labels).Set(replica.AppliedIndex);
                _isLeader.WithLabels(labels).Set(reading.IsLeader ? 1 : 0);
                _proposalsCommitted.WithLabels(labels).Set(replica.ProposalsCommitted);
                _commitLatencyMsSum.WithLabels(labels).Set(replica.CommitLatencyMsTotal);
            }
        }
    }

    private static string Text(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
