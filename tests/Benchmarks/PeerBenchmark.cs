using System.Diagnostics;
using System.Globalization;
using System.Net;
using HdrHistogram;

namespace OrleansSync.Benchmarks;

/// <summary>
/// Side by side with etcd (issue 12): one generator drives a 3-member etcd over its JSON gateway
/// and our cluster over HTTP and through the Orleans client, workload by workload, the systems
/// back to back within each workload so that they share the machine's state. Reports pairs/s, p50
/// and p99 of an acquire+release pair (HdrHistogram), and ours/etcd. It starts nothing itself:
/// <c>tests/Benchmarks/scripts/locks-vs-etcd.sh</c> starts etcd and the silos and passes their endpoints.
/// </summary>
internal sealed class PeerBenchmark : IBenchmark
{
    private static readonly PeerWorkload[] Workloads =
    [
        new("1 client, own lock", 1, false),
        new("16 clients, own lock each", 16, false),
        new("64 clients, own lock each", 64, false),
        new("16 clients, one lock", 16, true),
    ];

    public string Name => "peer";

    public string Description => "acquire+release pairs/s, p50, p99 of etcd vs ours (HTTP and Orleans client), one generator; see scripts/locks-vs-etcd.sh";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        if (!TryParse(args, out var options, out var error))
        {
            Console.Error.WriteLine(error);
            Console.Error.WriteLine("usage: peer [--etcd URL,URL,..] [--http URL,..] [--gateways HOST:PORT,..] [--seconds N] [--warmup N] [--groups N] [--seed N] [--shared-secret S] [--cluster-id ID]");
            return 2;
        }

        Console.WriteLine($"peer benchmark: {options.Seconds} s per case after {options.WarmupSeconds} s warm-up, seed {options.Seed}");
        var peers = new List<ILockPeer>();
        try
        {
            if (options.Etcd.Count > 0)
            {
                peers.Add(new EtcdLockPeer(options.Etcd));
            }

            if (options.Http.Count > 0)
            {
                peers.Add(new HttpLockPeer(options.Http));
            }

            if (options.Gateways.Count > 0)
            {
                peers.Add(await OrleansLockPeer.ConnectAsync(options.Gateways, options.SharedSecret, options.ClusterId, options.Groups, cancellationToken));
            }

            Console.WriteLine($"{"workload",-27} {"system",-12} {"pairs",8} {"pairs/s",9} {"p50 ms",8} {"p99 ms",8} {"errors",7} {"x etcd",7} {"p99/etcd",9}");
            foreach (var workload in Workloads)
            {
                PeerResult? etcd = null;
                foreach (var peer in peers)
                {
                    var result = await MeasureAsync(peer, workload, options, cancellationToken);
                    etcd ??= peer is EtcdLockPeer ? result : null;
                    var ratio = etcd is null || peer is EtcdLockPeer ? string.Empty : (result.PairsPerSecond / etcd.PairsPerSecond).ToString("F2", CultureInfo.InvariantCulture);
                    var p99Ratio = etcd is null || peer is EtcdLockPeer ? string.Empty : (result.P99Ms / etcd.P99Ms).ToString("F2", CultureInfo.InvariantCulture);
                    Console.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"{workload.Name,-27} {peer.Name,-12} {result.Pairs,8} {result.PairsPerSecond,9:F0} {result.P50Ms,8:F2} {result.P99Ms,8:F2} {result.Errors,7} {ratio,7} {p99Ratio,9}"));
                }
            }
        }
        finally
        {
            foreach (var peer in peers)
            {
                await peer.DisposeAsync();
            }
        }

        return 0;
    }

    /// <summary>Opens the workers (each completes one pair), warms up, then measures one window.</summary>
    private static async Task<PeerResult> MeasureAsync(ILockPeer peer, PeerWorkload workload, PeerBenchmarkOptions options, CancellationToken cancellationToken)
    {
        var random = new Random(options.Seed + (workload.Clients * 2) + (workload.Contended ? 1 : 0));
        var prefix = $"bench/{peer.Name}/{random.Next():x8}/";
        var names = Enumerable.Range(0, workload.Clients).Select(i => workload.Contended ? prefix + "hot" : prefix + i.ToString(CultureInfo.InvariantCulture)).ToList();
        try
        {
            var workers = await Task.WhenAll(Enumerable.Range(0, workload.Clients).Select(i => peer.OpenWorkerAsync(i, cancellationToken)));
            await Task.WhenAll(workers.Select((pair, i) => pair(names[i], cancellationToken)));
            await RunForAsync(workers, names, TimeSpan.FromSeconds(options.WarmupSeconds), cancellationToken);
            var started = Stopwatch.GetTimestamp();
            var (histogram, errors) = await RunForAsync(workers, names, TimeSpan.FromSeconds(options.Seconds), cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started);
            return new PeerResult(
                histogram.TotalCount,
                histogram.TotalCount / elapsed.TotalSeconds,
                histogram.GetValueAtPercentile(50) / 1000.0,
                histogram.GetValueAtPercentile(99) / 1000.0,
                errors);
        }
        finally
        {
            await peer.CloseWorkersAsync();
        }
    }

    /// <summary>Every worker runs pairs back to back until the window closes; latencies in microseconds.</summary>
    private static async Task<(LongHistogram Histogram, long Errors)> RunForAsync(
        Func<string, CancellationToken, Task>[] workers, List<string> names, TimeSpan window, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(window.TotalSeconds * Stopwatch.Frequency);
        var perWorker = await Task.WhenAll(workers.Select(async (pair, i) =>
        {
            var histogram = new LongHistogram(TimeSpan.FromMinutes(2).Ticks / 10, 3);
            long errors = 0;
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await pair(names[i], cancellationToken);
                    histogram.RecordValue((long)Stopwatch.GetElapsedTime(started).TotalMicroseconds);
                }
                catch (HttpRequestException exception)
                {
                    if (errors++ == 0)
                    {
                        Console.Error.WriteLine($"  {names[i]}: {exception.Message}");
                    }
                }
            }

            return (histogram, errors);
        }));
        var total = new LongHistogram(TimeSpan.FromMinutes(2).Ticks / 10, 3);
        foreach (var (histogram, _) in perWorker)
        {
            total.Add(histogram);
        }

        return (total, perWorker.Sum(w => w.errors));
    }

    private static bool TryParse(string[] args, out PeerBenchmarkOptions options, out string error) =>
        BenchmarkArguments.TryParse(args, new PeerBenchmarkOptions(), Apply, out options, out error);

    private static PeerBenchmarkOptions Apply(PeerBenchmarkOptions options, string name, string value) => name switch
    {
        "--etcd" => options with { Etcd = [.. value.Split(',').Select(u => new Uri(u))] },
        "--http" => options with { Http = [.. value.Split(',').Select(u => new Uri(u))] },
        "--gateways" => options with { Gateways = [.. value.Split(',').Select(IPEndPoint.Parse)] },
        "--seconds" => options with { Seconds = BenchmarkArguments.Positive(value) },
        "--warmup" => options with { WarmupSeconds = BenchmarkArguments.Positive(value) },
        "--groups" => options with { Groups = BenchmarkArguments.Positive(value) },
        "--seed" => options with { Seed = BenchmarkArguments.Positive(value) },
        "--shared-secret" => options with { SharedSecret = value },
        "--cluster-id" => options with { ClusterId = value },
        _ => throw BenchmarkArguments.Unknown(name),
    };
}
