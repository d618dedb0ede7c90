using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.TestingHost;
using OrleansSync.Grains.Hosting;
using OrleansSync.Grains.Interfaces.Cluster;
using OrleansSync.Grains.Interfaces.Raft;
using OrleansSync.Grains.Raft.Hosting;
using OrleansSync.Grains.Service;
using OrleansSync.Silo.Hosting;
using OrleansSync.Silo.Metrics;
using OrleansSync.Silo.Status;

namespace OrleansSync.Silo.Tests;

/// <summary>
/// Issue 12, item 5: health and status after replica replacement. Three silos of an
/// InProcessTestCluster, each with a disk of its own (as in the Redis form), host the lock groups
/// together with the services behind <c>/health</c> and <c>/status</c> (<see cref="StatusServiceCollectionExtensions.AddSiloStatus"/>).
/// Every silo in turn is killed; its replicas come back on a survivor without their logs, inert
/// (ADR 0008); it restarts; each group's leader replaces the lost replica under a fresh id on it.
/// After the third round no founding replica id is a member of any group, and every silo's
/// readiness must still be Healthy, with <c>/status</c> and the console's <c>status</c> naming each
/// group's current voters and leader, as the leader itself reports them, and <c>/metrics</c>
/// exporting exactly those members.
/// </summary>
public sealed class HealthAfterReplacementTests : IDisposable
{
    private const int Groups = 2;
    private const int Replicas = 3;

    /// <summary>
    /// Budget of one phase: on 2 loaded cores a kill is declared after a few seconds, and a
    /// replacement takes several steps (learner, snapshot, promote, remove). Polling, not a speed bound.
    /// </summary>
    private static readonly TimeSpan PhaseTimeout = TimeSpan.FromSeconds(90);

    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(5);

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "orleanssync-health-replace-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task EverySiloKilledAndRestartedInTurn_HealthIsHealthyEverywhere_AndStatusNamesEachGroupsCurrentVotersAndLeader()
    {
        await using var cluster = Build();
        await cluster.DeployAsync();
        var names = cluster.Silos.Select(s => s.Name).ToList();
        var layout = await WaitForReadyEverywhereAsync(cluster, "deployed");

        foreach (var name in names)
        {
            var victim = cluster.Silos.Single(s => s.Name == name);
            var lost = layout.ToDictionary(g => g.Key, g => g.Value.SiloOf.Where(kv => kv.Value == name).Select(kv => kv.Key).Single());
            await cluster.KillSiloAsync(victim);

            // Orleans re-activates the killed silo's replicas on a survivor, where they have no log:
            // inert until replaced. Only then restart, so that the returning silo cannot bring the
            // old replicas back with their logs: each group must replace its replica.
            foreach (var (group, replica) in lost)
            {
                await WaitForInertAsync(cluster.Client, group, replica, $"{name} killed");
            }

            await cluster.RestartSiloAsync(victim);
            layout = await WaitForReadyEverywhereAsync(cluster, $"{name} restarted");
            foreach (var (group, replica) in lost)
            {
                Assert.DoesNotContain(replica, layout[group].Voters);
            }
        }

        // Every founding replica was replaced: readers that ask only 0..R-1 would find no member.
        Assert.All(layout.Values, group => Assert.All(group.Voters, voter => Assert.True(voter >= Replicas, $"voter {voter} of group {group.Group}")));
        foreach (var silo in cluster.Silos)
        {
            var status = await ReadStatusAsync(silo);
            Assert.Equal(Groups, status.Groups.Count);
            foreach (var summary in status.Groups)
            {
                var truth = layout[summary.Group];
                Assert.Equal(truth.Voters, summary.Voters);
                Assert.Empty(summary.Learners);
                Assert.Equal(truth.Leader.Replica, summary.LeaderReplica);
                Assert.Equal(truth.Leader.Silo, summary.LeaderSilo);
                Assert.Equal(truth.Voters, summary.Replicas.Select(r => r.Replica));
            }

            Assert.Equal(HealthStatus.Healthy, (await CheckHealthAsync(silo)).Status);

            // /metrics exports exactly the current members, each up, and one leader per group.
            var samples = await ScrapeAsync(silo);
            foreach (var (group, truth) in layout)
            {
                var label = group.ToString(CultureInfo.InvariantCulture);
                Assert.Equal(1, samples.Single(m => m.Name == "orleanssync_raft_group_has_leader" && m.Labels["group"] == label).Value);
                var up = samples.Where(m => m.Name == "orleanssync_raft_replica_up" && m.Labels["group"] == label).ToList();
                Assert.Equal(truth.Voters, up.Select(m => int.Parse(m.Labels["replica"], CultureInfo.InvariantCulture)).Order());
                Assert.All(up, m => Assert.Equal(1, m.Value));
                Assert.Equal(
                    truth.Leader.Replica.ToString(CultureInfo.InvariantCulture),
                    samples.Single(m => m.Name == "orleanssync_raft_is_leader" && m.Labels["group"] == label && m.Value == 1).Labels["replica"]);
            }

            // A reader that remembers nothing (a silo that just restarted) finds no member among
            // the founding ids (all inert, most without a hint) and must still find the current ones.
            var fresh = new RaftStatusReader(silo.ServiceProvider.GetRequiredService<IGrainFactory>(), silo.ServiceProvider.GetRequiredService<SiloHostOptions>());
            using var timeout = new CancellationTokenSource(PhaseTimeout);
            foreach (var summary in await fresh.ReadGroupsAsync(timeout.Token))
            {
                Assert.Equal(layout[summary.Group].Voters, summary.Voters);
                Assert.Equal(layout[summary.Group].Leader.Replica, summary.LeaderReplica);
            }
        }

        // The console's status (ClusterInfoGrain) follows the same members, and shows the killed incarnations as dead.
        // (a key never used before is a fresh activation: no memory of the members either).
        var clusterStatus = await cluster.Client.GetGrain<IClusterInfoGrain>(IClusterInfoGrain.DefaultKey).GetStatus(2_000);
        foreach (var status in new[] { clusterStatus, await cluster.Client.GetGrain<IClusterInfoGrain>(Guid.NewGuid().ToString("N")).GetStatus(2_000) })
        {
            foreach (var group in status.Groups)
            {
                Assert.Equal(layout[group.Group].Voters, group.Voters);
                Assert.Equal(layout[group.Group].Leader.Replica, group.LeaderReplica);
                Assert.All(group.Replicas, r => Assert.True(r.Reachable, r.Error));
            }
        }

        // Membership declares each killed incarnation dead on its own schedule (a loaded machine
        // probes late), so wait for that, bounded, before asserting what the status shows.
        using (var membershipDeadline = new CancellationTokenSource(PhaseTimeout))
        {
            while (clusterStatus.Silos.Count(s => s.Status == "Dead") < names.Count && !membershipDeadline.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), CancellationToken.None);
                clusterStatus = await cluster.Client.GetGrain<IClusterInfoGrain>(IClusterInfoGrain.DefaultKey).GetStatus(2_000);
            }
        }

        Assert.Equal(names.Order(), clusterStatus.Silos.Where(s => s.Status == "Active").Select(s => s.Name).Order());
        Assert.Equal(names.Count, clusterStatus.Silos.Count(s => s.Status == "Dead"));
    }

    private InProcessTestCluster Build()
    {
        var hostOptions = new SiloHostOptions { Groups = Groups, Replicas = Replicas, StatusRefreshIntervalMs = 200, DataDirectory = _dataDirectory };
        return new InProcessTestClusterBuilder(3)
            .ConfigureSilo((siloOptions, silo) =>
            {
                silo.UseFastFailureDetection().AddRaftPeers(
                    raft =>
                    {
                        raft.GroupCount = Groups;
                        raft.ReplicaCount = Replicas;
                        raft.TickIntervalMs = 20;
                        raft.MembershipCheckTicks = 5;

                        // A disk per silo, as on separate machines: a replica re-activated elsewhere has no log there.
                        raft.DataDirectory = Path.Combine(_dataDirectory, siloOptions.SiloName, "raft");
                        raft.BirthDirectory = Path.Combine(_dataDirectory, "births");
                        raft.CompactionThresholdEntries = 16; // replacements catch up by snapshot
                    },
                    new ServiceStateMachineFactory());
                silo.Services.AddSingleton(hostOptions);
                silo.Services.AddSiloStatus();
                silo.Services.AddSingleton<SiloMetrics>();
            })
            .Build();
    }

    /// <summary>
    /// Polls until every silo's readiness check is Healthy and every group has settled: a leader,
    /// R voters and no learner, each voter answering itself as Leader or Follower from a distinct
    /// live silo. Returns each group's layout as its leader reports it (the truth the readers must match).
    /// </summary>
    private static async Task<Dictionary<int, GroupTruth>> WaitForReadyEverywhereAsync(InProcessTestCluster cluster, string phase)
    {
        using var deadline = new CancellationTokenSource(PhaseTimeout);
        var last = "nothing read";
        while (true)
        {
            var live = cluster.Silos.Select(s => s.Name).ToHashSet();
            var health = await Task.WhenAll(cluster.Silos.Select(async s => (s.Name, Report: await CheckHealthAsync(s))));
            var status = await ReadStatusAsync(cluster.Silos[0]);
            var truths = new Dictionary<int, GroupTruth>();
            foreach (var group in status.Groups)
            {
                if (await TruthOfAsync(cluster.Client, group, live) is { } truth)
                {
                    truths[group.Group] = truth;
                }
            }

            var unhealthy = health.Where(h => h.Report.Status != HealthStatus.Healthy).ToList();
            if (unhealthy.Count == 0 && truths.Count == Groups)
            {
                return truths;
            }

            last = string.Join("; ", unhealthy.Select(h => $"{h.Name}: {h.Report.Status} {string.Join(' ', h.Report.Entries.Values.Select(e => e.Description))}"))
                + " | " + string.Join("; ", status.Groups.Select(g =>
                    $"group {g.Group} leader {g.LeaderReplica} voters [{string.Join(',', g.Voters)}] learners [{string.Join(',', g.Learners)}] "
                    + string.Join(' ', g.Replicas.Select(r => $"{r.Replica}={r.Status?.Role ?? "unreachable"}@{r.Status?.Silo}"))));
            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"Phase '{phase}': not ready within {PhaseTimeout}; last: {last}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), CancellationToken.None);
        }
    }

    /// <summary>The group's layout asked of the leader the summary names and of each of its voters directly, or null while it is not settled.</summary>
    private static async Task<GroupTruth?> TruthOfAsync(IGrainFactory grains, RaftGroupSummary summary, IReadOnlySet<string> live)
    {
        if (summary.LeaderReplica is not { } leaderReplica)
        {
            return null;
        }

        var leader = await StatusOrNullAsync(grains, summary.Group, leaderReplica);
        if (leader is not { Role: "Leader" } || leader.Voters.Length != Replicas || leader.Learners.Length != 0)
        {
            return null;
        }

        var voters = await Task.WhenAll(leader.Voters.Select(v => StatusOrNullAsync(grains, summary.Group, v)));
        if (voters.Any(v => v is not { Role: "Leader" or "Follower" } || !live.Contains(v.Silo)) || voters.Select(v => v!.Silo).Distinct().Count() != Replicas)
        {
            return null;
        }

        return new GroupTruth(summary.Group, leader, [.. leader.Voters.Order()], voters.ToDictionary(v => v!.Replica, v => v!.Silo));
    }

    private static async Task WaitForInertAsync(IGrainFactory grains, int group, int replica, string phase)
    {
        using var deadline = new CancellationTokenSource(PhaseTimeout);
        var last = "no answer";
        while (!deadline.IsCancellationRequested)
        {
            var status = await StatusOrNullAsync(grains, group, replica);
            if (status?.Role is RaftPeerGrain.LostRole or RaftPeerGrain.RemovedRole)
            {
                return;
            }

            last = status is null ? "no answer" : $"{status.Role} on {status.Silo}";
            await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
        }

        throw new TimeoutException($"Phase '{phase}': replica {group}/{replica} was not inert within {PhaseTimeout}; last: {last}");
    }

    private static async Task<RaftPeerStatus?> StatusOrNullAsync(IGrainFactory grains, int group, int replica)
    {
        try
        {
            return await grains.GetGrain<IRaftPeerGrain>($"{group}/{replica}").GetStatus().WaitAsync(CallTimeout);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return null; // Its silo may be down or not declared dead yet: the caller polls.
        }
    }

    private static Task<HealthReport> CheckHealthAsync(InProcessSiloHandle silo)
    {
        using var timeout = new CancellationTokenSource(CallTimeout);
        return silo.ServiceProvider.GetRequiredService<HealthCheckService>().CheckHealthAsync(check => check.Tags.Contains("ready"), timeout.Token);
    }

    private static async Task<IReadOnlyList<PrometheusSample>> ScrapeAsync(InProcessSiloHandle silo)
    {
        using var timeout = new CancellationTokenSource(CallTimeout);
        using var body = new MemoryStream();
        await silo.ServiceProvider.GetRequiredService<SiloMetrics>().Registry.CollectAndExportAsTextAsync(body, timeout.Token);
        return PrometheusTextParser.Parse(System.Text.Encoding.UTF8.GetString(body.ToArray()));
    }

    private static async Task<Status.ClusterStatus> ReadStatusAsync(InProcessSiloHandle silo)
    {
        using var timeout = new CancellationTokenSource(PhaseTimeout);
        var services = silo.ServiceProvider;
        return await StatusEndpoints.ReadStatusAsync(
            services.GetRequiredService<SiloState>(),
            services.GetRequiredService<IGrainFactory>(),
            services.GetRequiredService<SiloHostOptions>(),
            services.GetRequiredService<RaftStatusReader>(),
            timeout.Token);
    }
}
