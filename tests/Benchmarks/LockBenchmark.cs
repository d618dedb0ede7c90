using System.Diagnostics;
using System.Globalization;
using Orleans.TestingHost;
using OrleansSync.Grains.Hosting;
using OrleansSync.Grains.Interfaces.Locks;
using OrleansSync.Grains.Locks.Client;
using OrleansSync.Grains.Raft.Hosting;
using OrleansSync.Grains.Service;

namespace OrleansSync.Benchmarks;

/// <summary>
/// Distributed locks end to end: a 3-silo InProcessTestCluster hosting lock Raft groups (3 replicas each,
/// file WALs in a temporary folder), and <see cref="DistributedLockClient"/>s that acquire an
/// exclusive lock and release it, back to back. Reports acquire+release pairs/s and p50/p99 of a
/// pair for 1, 16 and 64 concurrent clients, each on its own lock (uncontended) and all on one
/// lock (contended), after a warm-up. The contended case is the baseline of the uncontended one:
/// same cluster, same clients, one queue instead of many.
/// </summary>
internal sealed class LockBenchmark : IBenchmark
{
    private const int DefaultSeconds = 5;
    private const int DefaultWarmupSeconds = 2;
    private const int DefaultGroups = 8;
    private static readonly int[] ClientCounts = [1, 16, 64];

    /// <summary>How long one acquire may wait in the queue: far above any contended wait here, so none times out.</summary>
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(60);

    public string Name => "locks";

    public string Description => "acquire+release pairs/s and p50/p99 on a 3-silo InProcessTestCluster, 1/16/64 clients, uncontended and contended";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        if (!TryParse(args, out var options, out var error))
        {
            Console.Error.WriteLine(error);
            Console.Error.WriteLine("usage: locks [--seconds N] [--warmup N] [--seed N] [--groups N] [--tcp] [--commit-broadcast]");
            return 2;
        }

        if (options.UseTcp)
        {
            // Orleans' InProcessTestCluster has no TCP transport; TCP is what the silo processes of the README's main job use.
            Console.Error.WriteLine("--tcp is not available on Orleans' in-process test cluster; benchmark the silo processes over HTTP or the gateway instead.");
            return 2;
        }

        Console.WriteLine(
            $"dotnet run -c Release --project tests/Benchmarks -- locks --seconds {options.Seconds} --warmup {options.WarmupSeconds} --seed {options.Seed} --groups {options.Groups}{(options.CommitIndexBroadcast ? " --commit-broadcast" : string.Empty)}");
        Console.WriteLine($"3 silos (Orleans InProcessTestCluster), {options.Groups} lock groups x 3 replicas, file WAL in a temp folder");
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"orleanssync-bench-locks-{options.Seed}-{Environment.ProcessId}");
        try
        {
            using var counters = new RaftCounters();
            await using var cluster = BuildCluster(options, dataDirectory);
            await cluster.DeployAsync(cancellationToken);
            Console.WriteLine($"{"case",-12} {"clients",7} {"pairs",8} {"pairs/s",9} {"p50 ms",8} {"p99 ms",8}");
            foreach (var contended in new[] { false, true })
            {
                foreach (var clients in ClientCounts)
                {
                    var result = await MeasureAsync(cluster.Client, options, clients, contended, counters, cancellationToken);
                    Console.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"{(contended ? "contended" : "uncontended"),-12} {clients,7} {result.Pairs,8} {result.PairsPerSecond,9:F0} {result.P50Ms,8:F2} {result.P99Ms,8:F2}"));
                    Console.WriteLine(result.Counters);
                }
            }
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

    private static InProcessTestCluster BuildCluster(LockBenchmarkOptions options, string dataDirectory) => new InProcessTestClusterBuilder(3)
        .ConfigureSilo((_, silo) => silo.UseFastFailureDetection().AddRaftPeers(
            raft =>
            {
                raft.GroupCount = options.Groups;
                raft.ReplicaCount = 3;
                raft.DataDirectory = dataDirectory;
                raft.Raft.CommitIndexBroadcast = options.CommitIndexBroadcast;
            },
            new ServiceStateMachineFactory()))
        .Build();

    /// <summary>One case: fresh clients (fresh leases), a warm-up, then the measured window.</summary>
    private static async Task<LockCaseResult> MeasureAsync(IGrainFactory grains, LockBenchmarkOptions options, int clientCount, bool contended, RaftCounters counters, CancellationToken cancellationToken)
    {
        var random = new Random(options.Seed + (clientCount * 2) + (contended ? 1 : 0));
        var prefix = $"bench/{random.Next():x8}/";
        var clients = Enumerable.Range(0, clientCount)
            .Select(i => new DistributedLockClient(grains, new DistributedLockClientOptions
            {
                GroupCount = options.Groups,
                ReplicaCount = 3,
                Owner = $"{prefix}client-{i}",
            }))
            .ToList();
        try
        {
            var names = Enumerable.Range(0, clientCount).Select(i => contended ? prefix + "hot" : prefix + i.ToString(CultureInfo.InvariantCulture)).ToList();

            // Every client completes one pair before the clock starts (leases opened, leaders known), then the warm-up runs.
            await Task.WhenAll(clients.Select((client, i) => PairAsync(client, names[i], cancellationToken)));
            await RunForAsync(clients, names, TimeSpan.FromSeconds(options.WarmupSeconds), cancellationToken);
            counters.Reset();
            var started = Stopwatch.GetTimestamp();
            var latencies = await RunForAsync(clients, names, TimeSpan.FromSeconds(options.Seconds), cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started);
            latencies.Sort();
            return new LockCaseResult(latencies.Count, latencies.Count / elapsed.TotalSeconds, Percentile(latencies, 0.50), Percentile(latencies, 0.99), counters.Describe(latencies.Count));
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    /// <summary>Every client runs pairs back to back until the window closes; returns each pair's latency (ms).</summary>
    private static async Task<List<double>> RunForAsync(List<DistributedLockClient> clients, List<string> names, TimeSpan window, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(window.TotalSeconds * Stopwatch.Frequency);
        var perClient = await Task.WhenAll(clients.Select(async (client, i) =>
        {
            var latencies = new List<double>();
            while (Stopwatch.GetTimestamp() < deadline)
            {
                latencies.Add(await PairAsync(client, names[i], cancellationToken));
            }

            return latencies;
        }));
        return [.. perClient.SelectMany(l => l)];
    }

    private static async Task<double> PairAsync(DistributedLockClient client, string name, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var handle = await client.AcquireAsync(name, LockMode.Exclusive, WaitTimeout, cancellationToken);
        await handle.DisposeAsync();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static double Percentile(List<double> sorted, double quantile) =>
        sorted.Count == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(quantile * sorted.Count))];

    private static bool TryParse(string[] args, out LockBenchmarkOptions options, out string error)
    {
        options = new LockBenchmarkOptions(DefaultSeconds, DefaultWarmupSeconds, 1, DefaultGroups, UseTcp: false, CommitIndexBroadcast: false);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--tcp")
            {
                options = options with { UseTcp = true };
                continue;
            }

            if (args[i] == "--commit-broadcast")
            {
                options = options with { CommitIndexBroadcast = true };
                continue;
            }

            if (i + 1 >= args.Length || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
            {
                error = $"{args[i]} needs a positive integer";
                return false;
            }

            switch (args[i])
            {
                case "--seconds": options = options with { Seconds = value }; break;
                case "--warmup": options = options with { WarmupSeconds = value }; break;
                case "--seed": options = options with { Seed = value }; break;
                case "--groups": options = options with { Groups = value }; break;
                default:
                    error = $"unknown argument '{args[i]}'";
                    return false;
            }

            i++;
        }

        error = string.Empty;
        return true;
    }
}
