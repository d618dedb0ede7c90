using OrleansSync.Simulation.Running;
using Xunit;
using Xunit.Abstractions;

namespace OrleansSync.Simulation.Tests;

/// <summary>The CI entry of the queue workload: a fixed seed range of the honest queue table must show no violation.</summary>
public sealed class QueueSimulationSeedTests(ITestOutputHelper output)
{
    /// <summary>Seeds CI runs; the console runner goes further (<c>--seeds 1000 --workload queues</c>).</summary>
    private const int CiSeedCount = 100;

    private const int FirstSeed = 1;

    private static readonly SimulationSettings QueueSettings = new() { Workload = SimulationWorkload.Queues };

    [Fact]
    public void Run_SameQueueSeedTwice_SameTraceAndCounters()
    {
        var settings = QueueSettings with { Trace = true };

        var first = SeedRunner.Run(7, settings);
        var second = SeedRunner.Run(7, settings);

        Assert.Equal(first.Statistics, second.Statistics);
        Assert.Equal(first.TraceLines, second.TraceLines);
        Assert.True(first.Statistics.CompletedOperations > 0, "seed 7 completed no queue operation");
    }

    [Fact]
    public void HonestQueueCluster_100Seeds_NoViolations()
    {
        output.WriteLine($"simulating seeds {FirstSeed}..{FirstSeed + CiSeedCount - 1} (3 or 5 nodes per seed, queues workload, all faults)");
        var failures = new List<SeedResult>();
        long completed = 0;
        long leaderExpiries = 0;
        for (var seed = FirstSeed; seed < FirstSeed + CiSeedCount; seed++)
        {
            var result = SeedRunner.Run(seed, QueueSettings);
            completed += result.Statistics.CompletedOperations;
            leaderExpiries += result.Statistics.LeaderExpiries;
            if (result.Verdict != SeedVerdict.Passed)
            {
                failures.Add(result);
                output.WriteLine($"seed {seed}: {result.Detail}");
                output.WriteLine($"reproduce with: {result.ReproduceCommand} --workload queues");
            }
        }

        output.WriteLine($"seeds={CiSeedCount} violations={failures.Count} completed-operations={completed} leader-expiries={leaderExpiries}");
        Assert.Empty(failures.Select(f => f.Seed));

        // A run whose clients do nothing checks nothing: make sure the seeds did real work.
        Assert.True(completed > CiSeedCount * 40, $"only {completed} queue operations completed over {CiSeedCount} seeds");

        // Visibility timeouts, delays and dedup windows pass under the clients: leaders must have proposed expiries.
        Assert.True(leaderExpiries > CiSeedCount, $"only {leaderExpiries} leader-proposed expiries applied over {CiSeedCount} seeds");
    }
}
