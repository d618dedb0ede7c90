using OrleansSync.Client.Commands;
using Spectre.Console;

namespace OrleansSync.Client.Formatting;

/// <summary>The live progress display and the summary table of <c>bench queue</c>.</summary>
internal static class QueueBenchView
{
    public static Task<QueueBenchmarkResult> RunWithProgressAsync(IAnsiConsole console, QueueBenchmarkSettings settings, QueueBenchmark benchmark, CancellationToken cancellationToken) =>
        BenchProgress.RunAsync<QueueBenchmarkProgress, QueueBenchmarkResult>(
            console, settings.Duration, report => report.Elapsed, report => Description(settings, report), benchmark.RunAsync, cancellationToken);

    public static void RenderSummary(IAnsiConsole console, QueueBenchmarkResult result)
    {
        var table = new Table().Title("bench queue").AddColumns("producers", "consumers", "partitions", "seconds", "sent", "acked", "errors", "sends/s", "acks/s", "send p50 ms", "send p99 ms");
        table.AddRow(
            Formats.Number(result.Producers),
            Formats.Number(result.Consumers),
            Formats.Number(result.Partitions),
            Formats.Rate(result.Seconds),
            Formats.Number(result.Sent),
            Formats.Number(result.Acked),
            Formats.Number(result.Errors),
            Formats.Rate(result.SendsPerSecond),
            Formats.Rate(result.AcksPerSecond),
            Formats.Milliseconds(result.SendP50Ms),
            Formats.Milliseconds(result.SendP99Ms));
        console.Write(table);
        if (result.FirstError is { } error)
        {
            console.MarkupLine($"[yellow]first error:[/] {Markup.Escape(error)}");
        }
    }

    private static string Description(QueueBenchmarkSettings settings, QueueBenchmarkProgress report)
    {
        var seconds = report.Elapsed.TotalSeconds;
        var sendRate = seconds > 0 ? report.Sent / seconds : 0;
        var ackRate = seconds > 0 ? report.Acked / seconds : 0;
        return $"{settings.Producers}x{settings.Consumers}: {report.Sent} sent ({Formats.Rate(sendRate)}/s), {report.Acked} acked ({Formats.Rate(ackRate)}/s), {report.Errors} errors";
    }
}
