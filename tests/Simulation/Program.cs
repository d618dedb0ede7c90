using System.Diagnostics;
using OrleansSync.Simulation.Running;

namespace OrleansSync.Simulation;

/// <summary>
/// The seed runner: <c>dotnet run -c Release --project tests/Simulation -- --seeds N</c>.
/// Prints each failing seed with the command that reproduces it, then one summary line;
/// exits 1 when any seed found a violation, 2 on bad arguments.
/// </summary>
public static class Program
{
    /// <summary>A progress line goes to stderr every this many seeds.</summary>
    private const int ProgressIntervalSeeds = 100;

    public static int Main(string[] args)
    {
        CommandLine commandLine;
        try
        {
            commandLine = CommandLine.Parse(args);
        }
        catch (ArgumentException error)
        {
            Console.Error.WriteLine(error.Message);
            Console.Error.WriteLine(CommandLine.Usage);
            return 2;
        }

        var stopwatch = Stopwatch.StartNew();
        var violations = 0;
        var unknown = 0;
        for (var offset = 0; offset < commandLine.SeedCount; offset++)
        {
            var seed = commandLine.StartSeed + offset;
            var result = SeedRunner.Run(seed, commandLine.Settings(trace: commandLine.Verbose));
            violations += result.Verdict == SeedVerdict.Violation ? 1 : 0;
            unknown += result.Verdict == SeedVerdict.Unknown ? 1 : 0;
            Report(commandLine, result);
            if ((offset + 1) % ProgressIntervalSeeds == 0)
            {
                Console.Error.WriteLine($"progress: {offset + 1}/{commandLine.SeedCount} seeds, violations={violations} unknown={unknown}, {stopwatch.Elapsed.TotalSeconds:F1}s");
            }
        }

        var elapsed = stopwatch.Elapsed.TotalSeconds;
        Console.WriteLine($"seeds={commandLine.SeedCount} violations={violations} unknown={unknown} elapsed={elapsed:F1}s seeds/s={commandLine.SeedCount / Math.Max(elapsed, 0.001):F1} (start={commandLine.StartSeed})");
        return violations > 0 ? 1 : 0;
    }

    private static void Report(CommandLine commandLine, SeedResult result)
    {
        if (result.Verdict == SeedVerdict.Passed && !commandLine.Verbose)
        {
            return;
        }

        Console.WriteLine($"seed {result.Seed}: {result.Verdict.ToString().ToUpperInvariant()}: {result.Detail}");
        Console.WriteLine($"  {result.Statistics}");
        if (result.Verdict == SeedVerdict.Violation && commandLine.SingleSeed && result.TraceLines.Count == 0)
        {
            // Runs are deterministic: run the seed again with the trace on to show how it got there.
            var traced = SeedRunner.Run(result.Seed, commandLine.Settings(trace: true));
            PrintTrace(traced);
        }
        else if (result.TraceLines.Count > 0)
        {
            PrintTrace(result);
        }

        if (result.Verdict != SeedVerdict.Passed)
        {
            Console.WriteLine($"reproduce with: {result.ReproduceCommand}{commandLine.ReproduceSuffix}");
        }
    }

    private static void PrintTrace(SeedResult result)
    {
        Console.WriteLine($"  last {result.TraceLines.Count} trace lines:");
        foreach (var line in result.TraceLines)
        {
            Console.WriteLine("    " + line);
        }
    }
}
