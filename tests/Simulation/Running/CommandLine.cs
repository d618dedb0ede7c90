using System.Globalization;
using OrleansSync.Simulation.Cluster;
using OrleansSync.Simulation.Teeth;

namespace OrleansSync.Simulation.Running;

/// <summary>The simulator's command line: which seeds, which cluster size, which workload.</summary>
internal sealed record CommandLine
{
    public const string Usage =
        "usage: dotnet run -c Release --project tests/Simulation -- [--seeds N [--start S] | --seed N] [--nodes 3|5] [--workload kv|locks|queues|cache] [--bug NAME] [--no-torn-writes] [--verbose]";

    /// <summary>First seed of the range.</summary>
    public int StartSeed { get; init; } = 1;

    /// <summary>Number of seeds to run.</summary>
    public int SeedCount { get; init; } = 100;

    /// <summary>True for <c>--seed N</c>: one run, with its trace printed on failure.</summary>
    public bool SingleSeed { get; init; }

    /// <summary>Cluster size; null lets each seed pick 3 or 5.</summary>
    public int? Nodes { get; init; }

    public SimulationWorkload Workload { get; init; } = SimulationWorkload.KeyValue;

    /// <summary>A deliberate bug to plant (teeth), by name; null for the honest system.</summary>
    public string? Bug { get; init; }

    /// <summary>False with <c>--no-torn-writes</c>: crashes strike only between host turns.</summary>
    public bool TornWrites { get; init; } = true;

    /// <summary>Print every seed's trace, not only failures.</summary>
    public bool Verbose { get; init; }

    /// <summary>Extra arguments a reproduce command needs besides the seed.</summary>
    public string ReproduceSuffix =>
WorkloadArgument(Workload)
        + (Nodes is { } nodes ? $" --nodes {nodes}" : string.Empty) + (Bug is { } bug ? $" --bug {bug}" : string.Empty)
        + (TornWrites ? string.Empty : " --no-torn-writes");

    /// <summary>The settings every seed of this command runs with.</summary>
    public SimulationSettings Settings(bool trace) =>
        new() { Nodes = Nodes, Workload = Workload, Faults = Faults, TornWrites = TornWrites, Trace = trace };

    /// <summary>The faults to plant: the named deliberate bug, or none.</summary>
    public FaultInjection Faults => Bug is null ? FaultInjection.None : DeliberateBugs.Find(Bug)!;

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var parsed = new CommandLine();
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : null;
            parsed = args[i] switch
            {
                "--seeds" => parsed with { SeedCount = PositiveInt(args[i], value) },
                "--start" => parsed with { StartSeed = PositiveInt(args[i], value) },
                "--seed" => parsed with { StartSeed = PositiveInt(args[i], value), SeedCount = 1, SingleSeed = true },
                "--nodes" => parsed with { Nodes = ClusterSize(value) },
                "--workload" => parsed with { Workload = ParseWorkload(value) },
                "--bug" => parsed with { Bug = DeliberateBugs.Find(value ?? string.Empty)?.Name ?? throw UnknownBug(value) },
                "--verbose" => parsed with { Verbose = true },
                "--no-torn-writes" => parsed with { TornWrites = false },
                _ => throw new ArgumentException($"unknown argument '{args[i]}'"),
            };
            i += args[i] is "--verbose" or "--no-torn-writes" ? 0 : 1;
        }

        return parsed;
    }

    private static ArgumentException UnknownBug(string? value) =>
        new($"--bug is one of {string.Join(", ", DeliberateBugs.All.Select(b => b.Name))}, got '{value}'");

    private static int PositiveInt(string name, string? value)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
        {
            throw new ArgumentException($"{name} needs a positive integer, got '{value}'");
        }

        return number;
    }

    private static int ClusterSize(string? value) => value switch
    {
        "3" => 3,
        "5" => 5,
        _ => throw new ArgumentException($"--nodes is 3 or 5, got '{value}'"),
    };

    private static SimulationWorkload ParseWorkload(string? value) => value switch
    {
        "kv" => SimulationWorkload.KeyValue,
        "locks" => SimulationWorkload.Locks,
        "queues" => SimulationWorkload.Queues,
        "cache" => SimulationWorkload.Cache,
        _ => throw new ArgumentException($"--workload is 'kv', 'locks', 'queues' or 'cache', got '{value}'"),
    };

    /// <summary>The <c>--workload</c> argument that selects <paramref name="workload"/> (empty for the default).</summary>
    public static string WorkloadArgument(SimulationWorkload workload) => workload switch
    {
        SimulationWorkload.Locks => " --workload locks",
        SimulationWorkload.Queues => " --workload queues",
        SimulationWorkload.Cache => " --workload cache",
        _ => string.Empty,
    };
}
