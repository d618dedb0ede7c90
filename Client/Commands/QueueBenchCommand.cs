using System.CommandLine;
using OrleansSync.Client.Cli;
using OrleansSync.Client.Formatting;
using OrleansSync.Grains.Queues;

namespace OrleansSync.Client.Commands;

/// <summary><c>bench queue</c>: committed sends and receive+ack from N producers and M consumers for S seconds, live progress, then a summary.</summary>
internal static class QueueBenchCommand
{
    public static Command Build(HandlerFactory handler)
    {
        var producers = CliOptions.PositiveInt("--producers", "concurrent senders", 4, BenchCommand.MaxClients);
        var consumers = CliOptions.PositiveInt("--consumers", "concurrent receivers", 4, BenchCommand.MaxClients);
        var partitions = CliOptions.PositiveInt("--partitions", "partitions of the benchmark's queue", QueueOptions.DefaultPartitions, QueueOptions.MaxPartitions);
        var seconds = CliOptions.PositiveInt("--seconds", "how long to run", BenchCommand.DefaultSeconds, BenchCommand.MaxSeconds);
        var command = new Command("queue", "Measure committed sends per second (and their p50, p99) and receive+ack per second on a fresh queue, deleted afterwards.")
        {
            producers, consumers, partitions, seconds,
        };
        command.SetAction(handler(async (context, ct) =>
        {
            var settings = new QueueBenchmarkSettings(context.Value(producers), context.Value(consumers), context.Value(partitions), TimeSpan.FromSeconds(context.Value(seconds)));
            await using var connection = await context.ConnectAsync(ct);
            var benchmark = new QueueBenchmark(connection, settings);
            var result = context.Output.IsJson
                ? await benchmark.RunAsync(_ => { }, ct)
                : await QueueBenchView.RunWithProgressAsync(context.Output.Console, settings, benchmark, ct);
            if (context.Output.IsJson)
            {
                context.Output.WriteJson(result);
            }
            else
            {
                QueueBenchView.RenderSummary(context.Output.Console, result);
            }

            return result.Sent > 0 ? ExitCodes.Success : ExitCodes.Failed;
        }));
        return command;
    }
}
