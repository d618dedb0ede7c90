using System.CommandLine;
using OrleansSync.Client.Cli;
using OrleansSync.Client.Formatting;

namespace OrleansSync.Client.Commands;

/// <summary><c>bench locks</c>: acquire/release pairs from N concurrent clients for S seconds, live progress, then a summary.</summary>
internal static class BenchCommand
{
    public const int DefaultClients = 4;
    public const int MaxClients = 256;
    public const int DefaultSeconds = 10;
    public const int MaxSeconds = 3_600;

    public static Command Build(HandlerFactory handler)
    {
        var clients = CliOptions.PositiveInt("--clients", "concurrent lock clients", DefaultClients, MaxClients);
        var seconds = CliOptions.PositiveInt("--seconds", "how long to run", DefaultSeconds, MaxSeconds);
        var contended = new Option<bool>("--contended") { Description = "every client uses the same lock (default: one lock per client)" };
        var locks = new Command(
            "locks",
            "Measure exclusive acquire/release pairs per second and their latency (p50, p99). "
            + "Uncontended by default (one lock per client); --contended makes all clients queue on one lock.")
        {
            clients, seconds, contended,
        };
        locks.SetAction(handler(async (context, ct) =>
        {
            var settings = new LockBenchmarkSettings(context.Value(clients), TimeSpan.FromSeconds(context.Value(seconds)), context.Value(contended));
            await using var connection = await context.ConnectAsync(ct);
            var benchmark = new LockBenchmark(connection, settings);
            var result = context.Output.IsJson
                ? await benchmark.RunAsync(_ => { }, ct)
                : await BenchView.RunWithProgressAsync(context.Output.Console, settings, benchmark, ct);
            if (context.Output.IsJson)
            {
                context.Output.WriteJson(result);
            }
            else
            {
                BenchView.RenderSummary(context.Output.Console, result);
            }

            return result.Pairs > 0 ? ExitCodes.Success : ExitCodes.Failed;
        }));
        var bench = new Command("bench", "Load generators against the cluster.") { locks, QueueBenchCommand.Build(handler), CacheBenchCommand.Build(handler) };
        return bench;
    }
}
