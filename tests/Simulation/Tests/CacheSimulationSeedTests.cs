using OrleansSync.Simulation.Running;
using OrleansSync.Simulation.Teeth;
using Xunit;
using Xunit.Abstractions;

namespace OrleansSync.Simulation.Tests;

/// <summary>The CI entry of the cache workload: honest seeds pass, and two planted bugs are caught.</summary>
public sealed class CacheSimulationSeedTests(ITestOutputHelper output)
{
    /// <summary>Seeds CI runs; the console runner goes further (<c>--seeds 1000 --workload cache</c>).</summary>
    private const int CiSeedCount = 100;

    /// <summary>How many seeds a planted bug may take to be caught (measured: first catching seeds 2 and 17).</summary>
    private const int BugSeedBudget = 60;

    private static readonly SimulationSettings CacheSettings = new() { Workload = SimulationWorkload.Cache };

    [Fact]
    public void Run_SameCacheSeedTwice_SameTraceAndCounters()
    {
        var settings = CacheSettings with { Trace = true };

        var first = SeedRunner.Run(11, settings);
        var second = SeedRunner.Run(11, settings);

        Assert.Equal(first.Statistics, second.Statistics);
        Assert.Equal(first.TraceLines, second.TraceLines);
        Assert.True(first.Statistics.CompletedOperations > 0, "seed 11 completed no cache operation");
    }

    [Fact]
    public void HonestCache_100Seeds_NoViolations()
    {
        var failures = new List<SeedResult>();
        long completed = 0;
        long expiries = 0;
        var crashes = 0;
        for (var seed = 1; seed <= CiSeedCount; seed++)
        {
            var result = SeedRunner.Run(seed, CacheSettings);
            completed += result.Statistics.CompletedOperations;
            expiries += result.Statistics.LeaderExpiries;
            crashes += result.Statistics.Crashes;
            if (result.Verdict != SeedVerdict.Passed)
            {
                failures.Add(result);
                output.WriteLine($"seed {seed}: {result.Verdict} {result.Detail}");
                output.WriteLine($"reproduce with: {result.ReproduceCommand} --workload cache");
            }
        }

        output.WriteLine($"seeds={CiSeedCount} failures={failures.Count} completed-operations={completed} expiries={expiries} crashes={crashes}");
        Assert.Empty(failures.Select(f => f.Seed));

        // A run whose clients do nothing checks nothing; leases must lapse and silos crash too.
        Assert.True(completed > CiSeedCount * 100, $"only {completed} cache operations completed over {CiSeedCount} seeds");
        Assert.True(expiries > CiSeedCount, $"only {expiries} leader-proposed expiries over {CiSeedCount} seeds");
        Assert.True(crashes > CiSeedCount / 2, $"only {crashes} silo crashes over {CiSeedCount} seeds");
    }

    [Theory]
    [InlineData("cache-ack-before-all-invalidations")]
    [InlineData("cache-read-lapsed-copy")]
    public void PlantedCacheBug_IsCaught(string bug)
    {
        var settings = CacheSettings with { Faults = DeliberateBugs.Find(bug)! };
        for (var seed = 1; seed <= BugSeedBudget; seed++)
        {
            var result = SeedRunner.Run(seed, settings);
            if (result.Verdict == SeedVerdict.Violation)
            {
                output.WriteLine($"{bug}: caught at seed {seed}: {result.Detail}");
                return;
            }
        }

        Assert.Fail($"{bug} was not caught in seeds 1..{BugSeedBudget}");
    }
}
