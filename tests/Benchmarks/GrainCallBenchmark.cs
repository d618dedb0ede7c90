using System.Diagnostics;
using System.Globalization;
using OrleansSync.Benchmarks.Grains;
using Orleans.TestingHost;

namespace OrleansSync.Benchmarks;

/// <summary>
/// Cross-silo grain calls on a 3-silo TestCluster over loopback TCP: a driver grain on one silo
/// calls a ping grain on another, first one caller (ping-pong), then 64 concurrent callers.
/// Reports calls/s and p50/p99 latency measured inside the calling silo, and, as the baseline
/// measured in the same run, the same calls over the in-process network (no sockets), so the ratio
/// shows what TCP messaging costs.
/// </summary>
internal sealed class GrainCallBenchmark : IBenchmark
{
    public string Name => "grain-calls";

    public string Description => "cross-silo grain calls/s and p50/p99 on a 3-silo TCP TestCluster: ping-pong and 64 callers";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var calls = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
        Console.WriteLine($"dotnet run -c Release --project tests/Benchmarks -- grain-calls {calls}");
        var tcp = await MeasureAsync(useTcp: true, calls);
        var inProcess = await MeasureAsync(useTcp: false, calls);
        foreach (var callers in tcp.Keys)
        {
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"callers={callers,3}: tcp/in-process throughput ratio {tcp[callers] / inProcess[callers]:F2}"));
        }

        return 0;
    }

    private static async Task<Dictionary<int, double>> MeasureAsync(bool useTcp, int calls)
    {
        await using var cluster = new TestClusterBuilder(3)
            .Configure(o => o.UseTcp = useTcp)
            .ConfigureSilo(silo => silo.AddGrainAssembly(typeof(PingGrain).Assembly))
            .Build();
        await cluster.DeployAsync();
        var (driver, targetKey) = await PickCrossSiloPairAsync(cluster);
        await driver.Run(targetKey, 8, 500); // warm-up: JIT, connections
        var throughput = new Dictionary<int, double>();
        foreach (var callers in new[] { 1, 64 })
        {
            var started = Stopwatch.GetTimestamp();
            var latencies = await driver.Run(targetKey, callers, Math.Max(1, calls / callers));
            var elapsed = Stopwatch.GetElapsedTime(started);
            Array.Sort(latencies);
            throughput[callers] = latencies.Length / elapsed.TotalSeconds;
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{(useTcp ? "tcp" : "in-process"),-10} callers={callers,3} calls={latencies.Length,7} calls/s={throughput[callers],10:F0} p50={Percentile(latencies, 0.50),6}us p99={Percentile(latencies, 0.99),6}us"));
        }

        return throughput;
    }

    private static async Task<(ICallDriverGrain Driver, string TargetKey)> PickCrossSiloPairAsync(TestCluster cluster)
    {
        var driver = cluster.GrainFactory.GetGrain<ICallDriverGrain>("driver");
        var driverSilo = await driver.SiloName();
        for (var i = 0; i < 1_000; i++)
        {
            var key = $"ping-{i}";
            if (await cluster.GrainFactory.GetGrain<IPingGrain>(key).SiloName() != driverSilo)
            {
                return (driver, key);
            }
        }

        throw new InvalidOperationException("No ping grain landed on a silo other than the driver's.");
    }

    private static long Percentile(long[] sorted, double quantile) => sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(quantile * sorted.Length))];
}
