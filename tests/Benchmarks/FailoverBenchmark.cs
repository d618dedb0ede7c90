using System.Diagnostics;
using System.Globalization;
using Orleans.TestingHost;
using OrleansSync.Grains.Hosting;
using OrleansSync.Grains.Interfaces.Locks;
using OrleansSync.Grains.Interfaces.Raft;
using OrleansSync.Grains.Locks.Client;
using OrleansSync.Grains.Raft.Hosting;
using OrleansSync.Grains.Service;

namespace OrleansSync.Benchmarks;

/// <summary>
/// Leader failover (issue 12): a 3-silo InProcessTestCluster (file WALs, fsync on), one client
/// acquiring and releasing a lock of one group back to back; each round hard-stops the silo that
/// hosts that group's leader (<c>KillSiloAsync</c>: no graceful leave, as SIGKILL) and measures
/// the gap between the last grant before the kill and the first after it. Then a fresh silo
/// joins and the round waits until the group has 3 voters on 3 live silos again.
/// Prints each gap, then median and max.
/// </summary>
internal sealed class FailoverBenchmark : IBenchmark
{
    private const int Groups = 4;
    private static readonly TimeSpan StatusTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RecoveryTimeout = TimeSpan.FromSeconds(90);

    public string Name => "failover";

    public string Description => "gap in grants on a group when its leader's silo is hard-stopped, over N kills (median, max)";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var kills = args.Length == 2 && args[0] == "--kills" && int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var k) && k >= 1 ? k : args.Length == 0 ? 10 : -1;
        if (kills < 1)
        {
            Console.Error.WriteLine("usage: failover [--kills N]");
            return 2;
        }

        Console.WriteLine($"dotnet run -c Release --project tests/Benchmarks -- failover --kills {kills}");
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"orleanssync-bench-failover-{Environment.ProcessId}");
        try
        {
            await using var cluster = new InProcessTestClusterBuilder(3)
                .ConfigureSilo((_, silo) => silo.UseFastFailureDetection().AddRaftPeers(
                    raft =>
                    {
                        raft.GroupCount = Groups;
                        raft.ReplicaCount = 3;
                        raft.DataDirectory = dataDirectory;
                    },
                    new ServiceStateMachineFactory()))
                .Build();
            await cluster.DeployAsync(cancellationToken);
            const int group = 0;
            var map = new LockGroupMap(Groups);
            var name = Enumerable.Range(0, 1000).Select(i => $"failover/{i}").First(n => map.GroupOf(n) == group);
            await using var client = new DistributedLockClient(cluster.Client, new DistributedLockClientOptions { GroupCount = Groups, ReplicaCount = 3, Owner = "failover-bench" });
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var grants = new GrantClock();
            var worker = Task.Run(() => GrantLoopAsync(client, name, grants, stop.Token), CancellationToken.None);
            var voters = new[] { 0, 1, 2 };
            var gaps = new List<double>();
            for (var round = 0; round < kills; round++)
            {
                voters = await WaitForHealthyGroupAsync(cluster, group, voters, cancellationToken);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                var leader = await LeaderAsync(cluster, group, voters) ?? throw new InvalidOperationException("no leader");
                var grantsBefore = grants.Count;
                var victim = cluster.Silos.Single(s => s.Name == leader.Silo);
                var killStarted = Stopwatch.GetTimestamp();
                await cluster.KillSiloAsync(victim, cancellationToken);
                // Grants that completed while the kill was under way were still served by the old leader.
                var killedAt = Stopwatch.GetTimestamp();
                var lastBefore = grants.Last;
                Console.Error.WriteLine($"  killed {victim.Name}");
                var first = await grants.FirstAfterAsync(killedAt, RecoveryTimeout, cancellationToken);
                var gapMs = Stopwatch.GetElapsedTime(lastBefore, first).TotalMilliseconds;
                gaps.Add(gapMs);
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"kill {round + 1,2}: leader replica {leader.Replica} on {leader.Silo} (term {leader.Term}), {grantsBefore} grants so far; gap {gapMs:F0} ms (kill took {Stopwatch.GetElapsedTime(killStarted, killedAt).TotalMilliseconds:F0} ms, then {Stopwatch.GetElapsedTime(killedAt, first).TotalMilliseconds:F0} ms to the first grant)"));
                await cluster.StartAdditionalSiloAsync();
            }

            await stop.CancelAsync();
            await worker;
            gaps.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"kills {gaps.Count}: median gap {gaps[gaps.Count / 2]:F0} ms, max {gaps[^1]:F0} ms, min {gaps[0]:F0} ms"));
        }
        finally
        {
            if (Directory.Exists(dataDirectory))
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
        }

        return 0;
    }

    internal static async Task GrantLoopAsync(DistributedLockClient client, string name, GrantClock grants, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var handle = await client.AcquireAsync(name, LockMode.Exclusive, TimeSpan.FromSeconds(30), cancellationToken);
                grants.Record();
                await handle.DisposeAsync();
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is LockException or TimeoutException or OrleansException or OperationCanceledException)
            {
                // Failover in progress (a release on the dead leader may time out: its own deadline
                // surfaces as a cancellation): keep trying.
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {exception.GetType().Name}: {exception.Message}"));
            }
        }
    }

    /// <summary>Waits until the group's leader reports 3 voters on 3 distinct live silos; returns the voters.</summary>
    private static async Task<int[]> WaitForHealthyGroupAsync(InProcessTestCluster cluster, int group, int[] voters, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(RecoveryTimeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (await LeaderAsync(cluster, group, voters) is { } leader)
            {
                var live = cluster.Silos.Select(s => s.Name).ToHashSet();
                var statuses = await Task.WhenAll(leader.Voters.Select(r => StatusAsync(cluster, group, r)));
                if (leader.Voters.Length == 3 && statuses.All(s => s is not null && live.Contains(s.Silo) && s.Role is "Leader" or "Follower")
                    && statuses.Select(s => s!.Silo).Distinct().Count() == 3)
                {
                    return leader.Voters;
                }

                voters = leader.Voters;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }

        throw new TimeoutException($"Group {group} did not get back to 3 voters on live silos within {RecoveryTimeout}.");
    }

    private static async Task<RaftPeerStatus?> LeaderAsync(InProcessTestCluster cluster, int group, int[] voters)
    {
        var statuses = await Task.WhenAll(voters.Select(r => StatusAsync(cluster, group, r)));
        return statuses.Where(s => s?.Role == "Leader").OrderByDescending(s => s!.Term).FirstOrDefault();
    }

    private static async Task<RaftPeerStatus?> StatusAsync(InProcessTestCluster cluster, int group, int replica)
    {
        try
        {
            return await cluster.Client.GetGrain<IRaftPeerGrain>(new RaftPeerKey(group, replica).ToString()).GetStatus().WaitAsync(StatusTimeout);
        }
        catch (Exception exception) when (exception is TimeoutException or OrleansException)
        {
            return null;
        }
    }
}
