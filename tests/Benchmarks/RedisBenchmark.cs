using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace OrleansSync.Benchmarks;

/// <summary>
/// SET/GET throughput of our RESP client (one multiplexed connection, 50 concurrent callers) against
/// <c>redis-benchmark</c> (50 connections) on the same redis-server in the same run.
/// Options: <c>--endpoint host:port</c> (default: start a private redis-server), <c>--ops N</c>
/// (requests per test, default 200000), <c>--clients N</c> (default 50), <c>--rounds N</c> (default 3;
/// the two clients alternate and medians are reported, because the machine is shared).
/// </summary>
internal sealed class RedisBenchmark : IBenchmark
{
    private const int DefaultOperations = 200_000;
    private const int DefaultClients = 50;
    private const int DefaultRounds = 3;
    private const int DeepPipeline = 16;
    private const int WarmUpOperations = 20_000;
    private const string Key = "key:__rand_int__";
    private const string Value = "xxx";

    public string Name => "redis";

    public string Description => "our RESP client's SET/GET throughput (50 callers, pipelined) vs redis-benchmark on the same server";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var operations = IntOption(args, "--ops", DefaultOperations);
        var clients = IntOption(args, "--clients", DefaultClients);
        var rounds = IntOption(args, "--rounds", DefaultRounds);
        var endpoint = StringOption(args, "--endpoint");
        await using var server = endpoint is null ? await PrivateRedisServer.StartAsync(cancellationToken) : null;
        endpoint ??= server!.Endpoint;
        var parsed = RedisEndpoint.Parse(endpoint);

        Console.WriteLine($"redis benchmark: endpoint {endpoint}, {operations} requests per test, {clients} concurrent callers");
        await using var client = await RedisClient.ConnectAsync(
            new RedisOptions { Endpoint = endpoint, MaxPendingCommands = 100_000, MaxInFlightCommands = 100_000 },
            reconnectJitter: new Random(1),
            cancellationToken: cancellationToken);
        Console.WriteLine("  warm-up (JIT tiering, buffer pools):");
        foreach (var depth in new[] { 1, DeepPipeline })
        {
            await RunClientAsync(client, "SET", WarmUpOperations, clients, depth, cancellationToken);
            await RunClientAsync(client, "GET", WarmUpOperations, clients, depth, cancellationToken);
        }

        // Rounds alternate the two clients so that load from other processes hits both alike; medians are reported.
        var ours = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        var theirs = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        for (var round = 1; round <= rounds; round++)
        {
            Console.WriteLine($"  round {round} of {rounds}:");
            foreach (var depth in new[] { 1, DeepPipeline })
            {
                var benchmark = await RunRedisBenchmarkAsync(parsed, operations, clients, depth, cancellationToken);
                foreach (var test in new[] { "SET", "GET" })
                {
                    var row = $"{test} (in flight per caller: {depth}, redis-benchmark -P {depth})";
                    Add(theirs, row, benchmark.GetValueOrDefault(test));
                    Add(ours, row, await RunClientAsync(client, test, operations, clients, depth, cancellationToken));
                }
            }
        }

        var rows = ours.Keys.Select(row => (Test: row, Ours: Median(ours[row]), Theirs: Median(theirs[row]))).ToList();
        Console.WriteLine();
        Console.WriteLine($"medians of {rounds} round(s):");
        Console.WriteLine($"{"test",-52} {"ours ops/s",12} {"redis-benchmark",16} {"ratio",7}");
        foreach (var (test, ourRate, theirRate) in rows)
        {
            var ratio = theirRate > 0 ? (ourRate / theirRate).ToString("0.00", CultureInfo.InvariantCulture) : "n/a";
            Console.WriteLine($"{test,-52} {ourRate,12:N0} {theirRate,16:N0} {ratio,7}");
        }

        return 0;
    }

    /// <summary>Runs <paramref name="operations"/> SETs or GETs from <paramref name="clients"/> concurrent callers, each keeping <paramref name="depth"/> commands in flight.</summary>
    private static async Task<double> RunClientAsync(RedisClient client, string test, int operations, int clients, int depth, CancellationToken cancellationToken)
    {
        var remaining = operations;
        var stopwatch = Stopwatch.StartNew();
        var callers = Enumerable.Range(0, clients).Select(_ => Task.Run(
            async () =>
            {
                var batch = new Task[depth];
                while (true)
                {
                    var claimed = 0;
                    for (; claimed < depth && Interlocked.Decrement(ref remaining) >= 0; claimed++)
                    {
                        batch[claimed] = test == "SET"
                            ? client.ExecuteAsync(["SET", Key, Value], cancellationToken)
                            : client.ExecuteAsync(["GET", Key], cancellationToken);
                    }

                    await Task.WhenAll(batch.AsSpan(0, claimed).ToArray());
                    if (claimed < depth)
                    {
                        return;
                    }
                }
            },
            cancellationToken));
        await Task.WhenAll(callers);
        stopwatch.Stop();
        var rate = operations / stopwatch.Elapsed.TotalSeconds;
        Console.WriteLine($"  ours: {test} x{operations}, {clients} callers, {depth} in flight each: {stopwatch.Elapsed.TotalMilliseconds:N0} ms, {rate:N0} ops/s");
        return rate;
    }

    private static async Task<Dictionary<string, double>> RunRedisBenchmarkAsync(RedisEndpoint endpoint, int operations, int clients, int pipeline, CancellationToken cancellationToken)
    {
        var arguments = $"-h {endpoint.Host} -p {endpoint.Port} -c {clients} -n {operations} -t set,get -P {pipeline} --csv";
        Console.WriteLine($"  running: redis-benchmark {arguments}");
        var startInfo = new ProcessStartInfo("redis-benchmark", arguments) { RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("could not start redis-benchmark (apt-get install -y redis-tools)");
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var results = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split(',').Select(field => field.Trim('"')).ToArray();
            if (fields.Length >= 2 && double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var rate))
            {
                results[fields[0]] = rate;
                Console.WriteLine($"  redis-benchmark: {fields[0]} -P {pipeline}: {rate:N0} ops/s");
            }
        }

        return results;
    }

    private static void Add(Dictionary<string, List<double>> results, string row, double value)
    {
        if (!results.TryGetValue(row, out var values))
        {
            results[row] = values = [];
        }

        values.Add(value);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static int IntOption(string[] args, string name, int fallback) =>
        StringOption(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    private static string? StringOption(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    /// <summary>A throw-away redis-server on a free loopback port, no persistence.</summary>
    private sealed class PrivateRedisServer : IAsyncDisposable
    {
        private readonly Process _process;

        /// <summary>Keeps reading the server's stdout so it never blocks writing its log; ends when the process exits.</summary>
        private readonly Task _drainOutput;

        private PrivateRedisServer(Process process, string endpoint)
        {
            _process = process;
            Endpoint = endpoint;
            _drainOutput = process.StandardOutput.ReadToEndAsync();
        }

        public string Endpoint { get; }

        public static async Task<PrivateRedisServer> StartAsync(CancellationToken cancellationToken)
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var startInfo = new ProcessStartInfo("redis-server") { RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var argument in new[] { "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", string.Empty, "--appendonly", "no", "--daemonize", "no" })
            {
                startInfo.ArgumentList.Add(argument);
            }

            var process = Process.Start(startInfo) ?? throw new InvalidOperationException("could not start redis-server (apt-get install -y redis-server)");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(15));
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.Contains("Ready to accept connections", StringComparison.Ordinal))
                {
                    return new PrivateRedisServer(process, $"127.0.0.1:{port}");
                }
            }

            process.Kill();
            throw new InvalidOperationException("redis-server exited before it was ready");
        }

        public async ValueTask DisposeAsync()
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            await _drainOutput;
            _process.Dispose();
        }
    }
}
