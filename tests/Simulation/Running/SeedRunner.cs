using OrleansSync.Grains.Raft;
using OrleansSync.Simulation.Checking;
using OrleansSync.Simulation.Cluster;
using OrleansSync.Simulation.Workloads;

namespace OrleansSync.Simulation.Running;

/// <summary>Runs one seed end to end and judges it. Everything in a run derives from <c>new Random(seed)</c>.</summary>
internal static class SeedRunner
{
    public static SeedResult Run(int seed, SimulationSettings settings)
    {
        var random = new Random(seed);
        var parameters = SimulationParameters.Draw(random, settings.Nodes) with { TornWrites = settings.TornWrites };
        var simulationTrace = new SimulationTrace(settings.Trace);
        simulationTrace.Add(0, $"seed {seed}: {parameters} workload={settings.Workload} faults={settings.Faults.Name}");
        var simulation = settings.Workload switch
        {
            SimulationWorkload.KeyValue => new ClusterSimulation<TestSupport.Linearizability.Models.KeyValueInput, TestSupport.Linearizability.Models.KeyValueOutput>(
                random, parameters, new KeyValueWorkload(new Random(random.Next()), parameters.KeyCount), settings.Faults, simulationTrace),
            _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Workload, "unknown workload"),
        };
        var (verdict, detail) = Judge(simulation.Run);
        return new SeedResult(seed, verdict, $"{detail} [{parameters}]", simulation.Statistics(), simulationTrace.Lines);
    }

    private static (SeedVerdict Verdict, string Detail) Judge(Func<SimulationOutcome> run)
    {
        try
        {
            var outcome = run();
            if (outcome.LivenessFailure is { } failure)
            {
                return (SeedVerdict.Violation, failure);
            }

            return outcome.Linearizability.Verdict switch
            {
                TestSupport.Linearizability.LinearizabilityVerdict.Illegal => (SeedVerdict.Violation, "linearizability: " + outcome.Linearizability),
                TestSupport.Linearizability.LinearizabilityVerdict.Unknown => (SeedVerdict.Unknown, "linearizability: " + outcome.Linearizability),
                _ => (SeedVerdict.Passed, "ok"),
            };
        }
        catch (SafetyViolationException violation)
        {
            return (SeedVerdict.Violation, violation.Message);
        }
        catch (RaftInvariantViolationException violation)
        {
            return (SeedVerdict.Violation, $"core invariant: {violation.Message}");
        }
        catch (Exception unexpected) when (unexpected is not OutOfMemoryException)
        {
            // A crash of the core or the harness is a failed seed too, with everything needed to debug it.
            return (SeedVerdict.Violation, $"unexpected {unexpected.GetType().Name}: {unexpected.Message}{Environment.NewLine}{unexpected.StackTrace}");
        }
    }
}
