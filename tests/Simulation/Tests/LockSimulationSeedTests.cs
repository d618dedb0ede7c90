using OrleansSync.Simulation.Running;
using Xunit;
using Xunit.Abstractions;

namespace OrleansSync.Simulation.Tests;

/// <summary>The CI entry of the lock workload: a fixed seed range of the honest lock table must show no violation.</summary>
public sealed class LockSimulationSeedTests(ITestOutputHelper output)
{
    /// <summary>Seeds CI runs; the console runner goes further (<c>--seeds 1000 --workload locks</c>).</summary>
    private const int CiSeedCount = 100;

    private const int FirstSeed = 1;

    private static readonly SimulationSettings LockSettings = new() { Workload = SimulationWorkload.Locks };

    [Fact]
    public void Run_SameLockSeedTwice_SameTraceAndCounters()
    {
        var settings = LockSettings with { Trace = true };

        var first = SeedRunner.Run(7, settings);
        var second = SeedRunner.Run(7, settings);

        Assert.Equal(first.Statistics, second.Statistics);
        Assert.Equal(first.TraceLines, second.TraceLines);
        Assert.True(first.Statistics.CompletedOperations > 0, "seed 7 completed no lock operation");
    }

    [Fact]
    public void HonestLockCluster_100Seeds_NoViolations()
    {
        output.WriteLine($"simulating seeds {FirstSeed}..{FirstSeed + CiSeedCount - 1} (3 or 5 nodes per seed, locks workload, all faults)");
        var failures = new List<SeedResult>();
        var unknown = 0;
        long completed = 0;
        long leaderExpiries = 0;
        for (var seed = FirstSeed; seed < FirstSeed + CiSeedCount; seed++)
        {
            var result = SeedRunner.Run(seed, LockSettings);
            completed += result.Statistics.CompletedOperations;
            leaderExpiries += result.Statistics.LeaderExpiries;
            unknown += result.Verdict == SeedVerdict.Unknown ? 1 : 0;
            if (result.Verdict == SeedVerdict.Violation)
            {
                failures.Add(result);
                output.WriteLine($"seed {seed}: {result.Detail}");
                output.WriteLine($"reproduce with: {result.ReproduceCommand} --workload locks");
            }
        }

        output.WriteLine($"seeds={CiSeedCount} violations={failures.Count} unknown={unknown} completed-operations={completed} leader-expiries={leaderExpiries}");
        Assert.Empty(failures.Select(f => f.Seed));
        Assert.Equal(0, unknown);

        // A run whose clients do nothing checks nothing: make sure the seeds did real work.
        Assert.True(completed > CiSeedCount * 40, $"only {completed} lock operations completed over {CiSeedCount} seeds");

        // Leases and waits expire under their holders: the leaders must have proposed (and applied) expiries.
        Assert.True(leaderExpiries > CiSeedCount, $"only {leaderExpiries} leader-proposed expiries applied over {CiSeedCount} seeds");
    }
}
