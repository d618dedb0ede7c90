using System.CommandLine;
using OrleansSync.Client.Cli;
using OrleansSync.Client.Formatting;

namespace OrleansSync.Client.Commands;

/// <summary><c>bench cache</c>: reads and writes of a working set from N clients over every silo's near cache for S seconds, live progress, then a summary.</summary>
internal static class CacheBenchCommand
{
    public const int DefaultKeys = 100;
    public const int MaxKeys = 100_000;
    public const int DefaultWritePercent = 10;

    public static Command Build(HandlerFactory handler)
    {
        var clients = CliOptions.PositiveInt("--clients", "concurrent clients, spread over the active silos", BenchCommand.DefaultClients, BenchCommand.MaxClients);
        var keys = CliOptions.PositiveInt("--keys", "working-set size (keys drawn uniformly)", DefaultKeys, MaxKeys);
        var writePercent = new Option<int>("--write-percent")
        {
            Description = $"percent of operations that are writes (0 to 100, default {DefaultWritePercent})",
            DefaultValueFactory = _ => DefaultWritePercent,
            Validators =
            {
                result =>
                {
                    if (result.GetValueOrDefault<int>() is < 0 or > 100)
                    {
                        result.AddError("--write-percent must be from 0 to 100.");
                    }
                },
            },
        };
        var seed = CliOptions.PositiveInt("--seed", "seed of the key and operation sequence", 14, int.MaxValue - BenchCommand.MaxClients);
        var seconds = CliOptions.PositiveInt("--seconds", "how long to run", BenchCommand.DefaultSeconds, BenchCommand.MaxSeconds);
        var command = new Command("cache", "Measure cache reads (hit rate, p50, p99) and write-through writes per second over every silo's near cache; the keys are left in the cache.")
        {
            clients, keys, writePercent, seed, seconds,
        };
        command.SetAction(handler(async (context, ct) =>
        {
            var settings = new CacheBenchmarkSettings(context.Value(clients), context.Value(keys), context.Value(writePercent), context.Value(seed), TimeSpan.FromSeconds(context.Value(seconds)));
            await using var connection = await context.ConnectAsync(ct);
            var benchmark = new CacheBenchmark(connection, settings);
            var result = context.Output.IsJson
                ? await benchmark.RunAsync(_ => { }, ct)
                : await CacheBenchView.RunWithProgressAsync(context.Output.Console, settings, benchmark, ct);
            if (context.Output.IsJson)
            {
                context.Output.WriteJson(result);
            }
            else
            {
                CacheBenchView.RenderSummary(context.Output.Console, result);
            }

            return result.Reads + result.Writes > 0 ? ExitCodes.Success : ExitCodes.Failed;
        }));
        return command;
    }
}
