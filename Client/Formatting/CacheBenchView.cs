using OrleansSync.Client.Commands;
using Spectre.Console;

namespace OrleansSync.Client.Formatting;

/// <summary>The live progress display and the summary table of <c>bench cache</c>.</summary>
internal static class CacheBenchView
{
    public static Task<CacheBenchmarkResult> RunWithProgressAsync(IAnsiConsole console, CacheBenchmarkSettings settings, CacheBenchmark benchmark, CancellationToken cancellationToken) =>
        BenchProgress.RunAsync<CacheBenchmarkProgress, CacheBenchmarkResult>(
            console, settings.Duration, report => report.Elapsed, report => Description(settings, report), benchmark.RunAsync, cancellationToken);

    public static void RenderSummary(IAnsiConsole console, CacheBenchmarkResult result)
    {
        // Label / value rows: fifteen columns do not fit a terminal.
        var table = new Table().Title("bench cache").AddColumns("", "");
        table.AddRow("clients / silos", $"{Formats.Number(result.Clients)} / {Formats.Number(result.Silos)}");
        table.AddRow("keys / writes %", $"{Formats.Number(result.Keys)} / {Formats.Number(result.WritePercent)}");
        table.AddRow("seconds", Formats.Rate(result.Seconds));
        table.AddRow("reads (hit rate)", $"{Formats.Number(result.Reads)} ({result.HitRate:P1})");
        table.AddRow("writes / errors", $"{Formats.Number(result.Writes)} / {Formats.Number(result.Errors)}");
        table.AddRow("reads/s / writes/s", $"{Formats.Rate(result.ReadsPerSecond)} / {Formats.Rate(result.WritesPerSecond)}");
        table.AddRow("read p50 / p99 ms", $"{Formats.Milliseconds(result.ReadP50Ms)} / {Formats.Milliseconds(result.ReadP99Ms)}");
        table.AddRow("write p50 / p99 ms", $"{Formats.Milliseconds(result.WriteP50Ms)} / {Formats.Milliseconds(result.WriteP99Ms)}");
        console.Write(table);
        console.MarkupLine($"seed {result.Seed} (reproduce the key sequence with --seed {result.Seed})");
        if (result.FirstError is { } error)
        {
            console.MarkupLine($"[yellow]first error:[/] {Markup.Escape(error)}");
        }
    }

    private static string Description(CacheBenchmarkSettings settings, CacheBenchmarkProgress report)
    {
        var seconds = report.Elapsed.TotalSeconds;
        var readRate = seconds > 0 ? report.Reads / seconds : 0;
        var hitRate = report.Reads > 0 ? (double)report.Hits / report.Reads : 0;
        return $"{settings.Clients} clients: {report.Reads} reads ({Formats.Rate(readRate)}/s, {hitRate:P0} hits), {report.Writes} writes, {report.Errors} errors";
    }
}
