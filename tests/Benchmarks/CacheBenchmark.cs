using System.Diagnostics;
using System.Globalization;
using System.Text;
using Orleans.TestingHost;
using OrleansSync.Grains.Cache;
using OrleansSync.Grains.Cache.Client;
using OrleansSync.Grains.Cache.Hosting;
using OrleansSync.Grains.Raft.Hosting;
using OrleansSync.Grains.Service;
using StackExchange.Redis;

namespace OrleansSync.Benchmarks;

/// <summary>
/// Issue 14's cache figures in one run: local hit throughput (the pure near cache, one thread, and
/// the silo's read view, every core), remote fill (a miss served by the directory through Raft)
/// against Redis GET unpipelined, the invalidation round trip of a write with two sharers, and the
/// hit rate of an LRU-bounded near cache against the working-set size.
/// </summary>
internal sealed class CacheBenchmark : IBenchmark
{
    private const int FillKeys = 1_000;
    private const int InvalidationRounds = 200;
    private const int HitRateBound = 1_000;
    private const int HitKeys = 1_000;

    public string Name => "cache";

    public string Description => "coherent cache: local hits/s, remote fill vs Redis GET (--redis host:port), invalidation round trip, hit rate vs working set";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var seconds = 3;
        string? redis = null;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--seconds": seconds = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--redis": redis = args[i + 1]; break;
                default:
                    Console.Error.WriteLine("usage: cache [--seconds N] [--redis host:port]");
                    return 2;
            }
        }

        Console.WriteLine($"reproduce with: dotnet run -c Release --project tests/Benchmarks -- cache --seconds {seconds}{(redis is null ? string.Empty : $" --redis {redis}")}");
        Console.WriteLine($"machine: {Environment.ProcessorCount} logical cores, .NET {Environment.Version}, load average {LoadAverage()}");
        LocalHits(seconds);
        HitRateAgainstWorkingSet();
        // Invalidations ride the cache's memory stream provider (ADR 0033): the round trip is measured
        // with Orleans' memory-stream defaults (8 queues, 100 ms poll), a middle setting, and the host's defaults.
        (int Queues, int PollMs)[] streamSettings =
        [
            (8, 100),
            (2, 10),
            (CacheHostingOptions.DefaultInvalidationQueueCount, CacheHostingOptions.DefaultInvalidationPollMs),
        ];
        foreach (var (queues, pollMs) in streamSettings)
        {
            await ClusterFiguresAsync(redis, queues, pollMs, cancellationToken);
        }

        return 0;
    }

    /// <summary>Reads of live lines: the pure model on one thread, then the read view on every core (what the HTTP API uses).</summary>
    private static void LocalHits(int seconds)
    {
        var cache = new NearCache("bench", new NearCacheOptions { MaxEntries = HitKeys * 2 });
        var view = new NearCacheReadView(TimeProvider.System);
        var mirrored = new NearCache("bench-view", new NearCacheOptions { MaxEntries = HitKeys * 2 }, view.Attach(TimeProvider.System.GetTimestamp()));
        var keys = Enumerable.Range(0, HitKeys).Select(i => $"hot-{i}").ToArray();
        foreach (var key in keys)
        {
            Grant(cache, key, 0);
            Grant(mirrored, key, 0);
        }

        // The model's lease is counted in its own milliseconds: 1 ms stays inside every lease.
        var stopwatch = Stopwatch.StartNew();
        long reads = 0;
        while (stopwatch.Elapsed.TotalSeconds < seconds)
        {
            for (var i = 0; i < keys.Length; i++)
            {
                reads += cache.Read(keys[i], 1).Hit ? 1 : 0;
            }
        }

        Console.WriteLine($"local hits, NearCache.Read, 1 thread: {reads / stopwatch.Elapsed.TotalSeconds:N0} gets/s ({reads:N0} hits in {stopwatch.Elapsed.TotalSeconds:F1} s)");

        var threads = Environment.ProcessorCount;
        var counts = new long[threads];
        stopwatch.Restart();
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, thread =>
        {
            long local = 0;
            while (stopwatch.Elapsed.TotalSeconds < seconds)
            {
                for (var i = 0; i < keys.Length; i++)
                {
                    local += view.TryRead(keys[i]).Hit ? 1 : 0;
                }
            }

            counts[thread] = local;
        });
        var total = counts.Sum();
        Console.WriteLine($"local hits, NearCacheReadView.TryRead, {threads} threads: {total / stopwatch.Elapsed.TotalSeconds:N0} gets/s ({total:N0} hits in {stopwatch.Elapsed.TotalSeconds:F1} s)");
    }

    /// <summary>Uniform random reads over a working set, an LRU near cache of <see cref="HitRateBound"/> lines, every miss filled (seed 14).</summary>
    private static void HitRateAgainstWorkingSet()
    {
        Console.WriteLine($"hit rate, LRU bound {HitRateBound} lines, uniform random reads (seed 14), 100,000 reads after 100,000 warm-up:");
        foreach (var workingSet in new[] { 250, 500, 1_000, 2_000, 5_000, 10_000 })
        {
            var random = new Random(14);
            var cache = new NearCache("rate", new NearCacheOptions { MaxEntries = HitRateBound });
            long hits = 0;
            for (var i = 0; i < 200_000; i++)
            {
                var key = $"w-{random.Next(workingSet)}";
                var hit = cache.Read(key, 1).Hit;
                if (!hit)
                {
                    Grant(cache, key, (ulong)i + 1);
                }

                hits += hit && i >= 100_000 ? 1 : 0;
                cache.TakeEvictions();
            }

            Console.WriteLine($"  working set {workingSet,6}: hit rate {hits / 100_000.0:P1}");
        }
    }

    private static async Task ClusterFiguresAsync(string? redis, int streamQueues, int streamPollMs, CancellationToken cancellationToken)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "orleanssync-cache-bench-" + Guid.NewGuid().ToString("N"));
        await using var cluster = new InProcessTestClusterBuilder(3)
            .ConfigureSilo((_, silo) => silo
                .AddRaftPeers(
                    options =>
                    {
                        options.GroupCount = 1;
                        options.ReplicaCount = 3;
                        options.DataDirectory = dataDirectory;
                    },
                    new ServiceStateMachineFactory())
                .AddCoherentCache(options =>
                {
                    options.InvalidationQueueCount = streamQueues;
                    options.InvalidationPollMs = streamPollMs;
                }))
            .Build();
        try
        {
            await cluster.DeployAsync(cancellationToken);
            var clients = cluster.Silos.Select(s => cluster.Client.Cache(s.SiloAddress.ToParsableString())).ToArray();
            await WarmUpAsync(clients[0], cancellationToken);
            Console.WriteLine($"cluster: 3 silos in this process (InProcessTestCluster, loopback TCP), 1 Raft group x 3 replicas, file WALs with fsync; the client calls through the gateway; invalidation stream: {streamQueues} queue(s), pulling agents poll every {streamPollMs} ms");

            var fill = await RemoteFillAsync(clients, cancellationToken);
            Print($"remote fill (miss: client -> silo -> directory Fill through Raft), {FillKeys} keys, one at a time", fill);
            if (redis is not null)
            {
                Print($"redis GET (StackExchange.Redis, one at a time, {redis})", await RedisGetAsync(redis));
            }

            Print($"write with 2 sharers (invalidation round trip on the writer), {InvalidationRounds} rounds", await InvalidationRoundTripAsync(clients, sharers: 2, cancellationToken));
            Print($"write with 0 sharers (no invalidation), {InvalidationRounds} rounds", await InvalidationRoundTripAsync(clients, sharers: 0, cancellationToken));
        }
        finally
        {
            await cluster.StopAllSilosAsync(CancellationToken.None);
            if (Directory.Exists(dataDirectory))
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
        }
    }

    /// <summary>Retries until the group has a leader and answers (a fresh cluster elects first).</summary>
    private static async Task WarmUpAsync(CacheClient client, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        while (true)
        {
            try
            {
                await client.SetAsync("warm-up", Bytes("x"), cancellationToken: deadline.Token);
                return;
            }
            catch (CacheException) when (!deadline.IsCancellationRequested)
            {
                await Task.Delay(200, deadline.Token);
            }
        }
    }

    private static async Task<List<double>> RemoteFillAsync(CacheClient[] clients, CancellationToken cancellationToken)
    {
        var keys = Enumerable.Range(0, FillKeys).Select(i => $"fill-{i}").ToList();
        foreach (var key in keys)
        {
            await clients[0].SetAsync(key, Bytes(key), cancellationToken: cancellationToken);
        }

        var latencies = new List<double>(FillKeys);
        foreach (var key in keys)
        {
            var started = Stopwatch.GetTimestamp();
            var value = await clients[1].GetAsync(key, cancellationToken);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (value is null || value.Hit)
            {
                throw new InvalidOperationException($"'{key}' was expected to miss and be filled.");
            }
        }

        return latencies;
    }

    private static async Task<List<double>> RedisGetAsync(string endpoint)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(endpoint);
        var database = redis.GetDatabase();
        for (var i = 0; i < FillKeys; i++)
        {
            await database.StringSetAsync($"fill-{i}", $"fill-{i}");
        }

        var latencies = new List<double>(FillKeys);
        for (var i = 0; i < FillKeys; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var value = await database.StringGetAsync($"fill-{i}");
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (value.IsNull)
            {
                throw new InvalidOperationException($"redis lost fill-{i}");
            }
        }

        return latencies;
    }

    /// <summary>Each round: <paramref name="sharers"/> other silos read the key (S), then silo 0 writes it and waits for their acks.</summary>
    private static async Task<List<double>> InvalidationRoundTripAsync(CacheClient[] clients, int sharers, CancellationToken cancellationToken)
    {
        var key = $"inv-{sharers}";
        var latencies = new List<double>(InvalidationRounds);
        for (var round = 0; round < InvalidationRounds; round++)
        {
            for (var s = 1; s <= sharers; s++)
            {
                await clients[s].GetAsync(key, cancellationToken);
            }

            var started = Stopwatch.GetTimestamp();
            await clients[0].SetAsync(key, Bytes($"r{round}"), cancellationToken: cancellationToken);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return latencies;
    }

    private static void Grant(NearCache cache, string key, ulong grantIndex)
    {
        var fill = cache.BeginFill(key, 0) ?? throw new InvalidOperationException("too many fills in flight");
        cache.CompleteFill(fill, new CacheResult
        {
            Status = CacheResultStatus.Granted,
            Value = Bytes(key),
            Version = 1,
            State = CacheLineState.Shared,
            GrantIndex = grantIndex + 1,
            LeaseMs = long.MaxValue / 4,
        });
    }

    private static void Print(string what, List<double> latencies)
    {
        latencies.Sort();
        var total = latencies.Sum();
        Console.WriteLine($"{what}: {latencies.Count / (total / 1000):N0} ops/s, p50 {Percentile(latencies, 0.50):F2} ms, p99 {Percentile(latencies, 0.99):F2} ms, max {latencies[^1]:F2} ms");
    }

    private static double Percentile(List<double> sorted, double quantile) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(quantile * sorted.Count) - 1)];

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
