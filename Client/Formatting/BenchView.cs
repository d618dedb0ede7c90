using OrleansSync.Client.Commands;
using Spectre.Console;

namespace OrleansSync.Client.Formatting;

/// <summary>The live progress display and the summary table of <c>bench locks</c>.</summary>
internal static class BenchView
{
    public static Task<LockBenchmarkResult> RunWithProgressAsync(IAnsiConsole console, LockBenchmarkSettings settings, LockBenchmark benchmark, CancellationToken cancellationToken) =>
        BenchProgress.RunAsync<LockBenchmarkProgress, LockBenchmarkResult>(
            console, settings.Duration, report => report.Elapsed, report => Description(settings, report), benchmark.RunAsync, cancellationToken);

    public static void RenderSummary(IAnsiConsole console, LockBenchmarkResult result)
    {
        var table = new Table().Title("bench locks").AddColumns("clients", "locks", "seconds", "pairs", "errors", "pairs/s", "p50 ms", "p99 ms", "max ms");
        table.AddRow(
            Formats.Number(result.Clients),
            result.Contended ? "1 (contended)" : $"{result.Clients} (one each)",
            Formats.Rate(result.Seconds),
            Formats.Number(result.Pairs),
            Formats.Number(result.Errors),
            Formats.Rate(result.PairsPerSecond),
            Formats.Milliseconds(result.P50Ms),
            Formats.Milliseconds(result.P99Ms),
            Formats.Milliseconds(result.MaxMs));
        console.Write(table);
        if (result.FirstError is { } error)
        {
            console.MarkupLine($"[yellow]first error:[/] {Markup.Escape(error)}");
        }
    }

    private static string Description(LockBenchmarkSettings settings, LockBenchmarkProgress report)
    {
        var rate = report.Elapsed.TotalSeconds > 0 ? report.Pairs / report.Elapsed.TotalSeconds : 0;
        return $"{settings.Clients} clients{(settings.Contended ? ", contended" : string.Empty)}: {report.Pairs} pairs ({Formats.Rate(rate)}/s), {report.Errors} errors";
    }
}
