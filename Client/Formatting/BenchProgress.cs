using Spectre.Console;

namespace OrleansSync.Client.Formatting;

/// <summary>The live progress bar every <c>bench</c> command shows while it runs for a fixed duration.</summary>
internal static class BenchProgress
{
    /// <summary>
    /// Runs <paramref name="run"/> under a progress bar of <paramref name="duration"/>; each progress
    /// report moves the bar to its elapsed time and replaces the description.
    /// </summary>
    public static async Task<TResult> RunAsync<TProgress, TResult>(
        IAnsiConsole console,
        TimeSpan duration,
        Func<TProgress, TimeSpan> elapsed,
        Func<TProgress, string> describe,
        Func<Action<TProgress>, CancellationToken, Task<TResult>> run,
        CancellationToken cancellationToken)
        where TProgress : struct
        where TResult : class
    {
        TResult? result = null;
        await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask(describe(default), maxValue: duration.TotalSeconds);
                result = await run(
                    report =>
                    {
                        task.Value = Math.Min(elapsed(report).TotalSeconds, duration.TotalSeconds);
                        task.Description = describe(report);
                    },
                    cancellationToken);
                task.Value = task.MaxValue;
            });
        return result!;
    }
}
