using OrleansSync.Simulation.Running;
using Xunit;
using Xunit.Abstractions;

namespace OrleansSync.Simulation.Tests;

/// <summary>The CI entry of the simulator: a fixed seed range of the honest system must show no violation.</summary>
public sealed class SimulationSeedTests(ITestOutputHelper output)
{
    /// <summary>Seeds CI runs; the console runner goes further (<c>--seeds 2000</c>).</summary>
    private const int CiSeedCount = 300;

    private const int FirstSeed = 1;

    /// <summary>The full fault model, as the console runner uses it.</summary>
    private static readonly SimulationSettings CiSettings = new();

    [Fact]
    public void Run_SameSeedTwice_SameTraceAndCounters()
    {
        var settings = new SimulationSettings { Trace = true };

        var first = SeedRunner.Run(42, settings);
        var second = SeedRunner.Run(42, settings);

        Assert.Equal(first.Statistics, second.Statistics);
        Assert.Equal(first.TraceLines, second.TraceLines);
        Assert.True(first.Statistics.CommittedIndex > 0, "seed 42 committed nothing");
    }

    [Fact]
    public void HonestCluster_300Seeds_NoViolations()
    {
        output.WriteLine($"simulating seeds {FirstSeed}..{FirstSeed + CiSeedCount - 1} (3 or 5 nodes per seed, kv workload, all faults)");
        var failures = new List<SeedResult>();
        var unknown = 0;
        long committed = 0;
        for (var seed = FirstSeed; seed < FirstSeed + CiSeedCount; seed++)
        {
            var result = SeedRunner.Run(seed, CiSettings);
            committed += (long)result.Statistics.CommittedIndex;
            unknown += result.Verdict == SeedVerdict.Unknown ? 1 : 0;
            if (result.Verdict == SeedVerdict.Violation)
            {
                failures.Add(result);
                output.WriteLine($"seed {seed}: {result.Detail}");
                output.WriteLine($"reproduce with: {result.ReproduceCommand}");
            }
        }

        output.WriteLine($"seeds={CiSeedCount} violations={failures.Count} unknown={unknown} committed-entries={committed}");
        Assert.Empty(failures.Select(f => f.Seed));

        // A run that commits nothing checks nothing: make sure the seeds did real work.
        Assert.True(committed > CiSeedCount * 20, $"only {committed} entries committed over {CiSeedCount} seeds");
    }
}
