using OrleansSync.Grains.Raft;
using OrleansSync.Simulation.Checking;
using OrleansSync.Simulation.Cluster;
using OrleansSync.Simulation.Workloads;
using OrleansSync.Simulation.Workloads.Cache;
using OrleansSync.Simulation.Workloads.Locks;
using OrleansSync.Simulation.Workloads.Queues;
using OrleansSync.TestSupport.Linearizability.Models;
using OrleansSync.TestSupport.Linearizability.Models.LeaseLocks;

namespace OrleansSync.Simulation.Running;

/// <summary>Runs one seed end to end and judges it. Everything in a run derives from <c>new Random(seed)</c>.</summary>
internal static class SeedRunner
{
    public static SeedResult Run(int seed, SimulationSettings settings)
    {
        var random = new Random(seed);
        var parameters = SimulationParameters.Draw(random, settings.Nodes) with { TornWrites = settings.TornWrites };
        if (settings.Workload == SimulationWorkload.Locks)
        {
            parameters = parameters with { OperationsPerClient = parameters.OperationsPerClient * LockWorkload.OperationsPerDrawnOperation };
        }
        else if (settings.Workload == SimulationWorkload.Queues)
        {
            parameters = parameters with { OperationsPerClient = parameters.OperationsPerClient * QueueWorkload.OperationsPerDrawnOperation };

            // Queue snapshots carry message bodies and dedup ids, tens of times the kv and lock ones:
            // scale the drawn chunk so a transfer still takes tens of chunks, not hundreds (README, F2).
            parameters.RaftOptions.SnapshotChunkBytes *= QueueWorkload.SnapshotChunkScale;
        }

        if (settings.Workload == SimulationWorkload.Cache)
        {
            return RunCache(seed, random, settings);
        }

        var simulationTrace = new SimulationTrace(settings.Trace);
        simulationTrace.Add(0, $"seed {seed}: {parameters} workload={settings.Workload} faults={settings.Faults.Name}");
        var (verdict, detail, statistics) = settings.Workload switch
        {
            SimulationWorkload.KeyValue => RunWith(new ClusterSimulation<KeyValueInput, KeyValueOutput>(
                random, parameters, new KeyValueWorkload(new Random(random.Next()), parameters.KeyCount), settings.Faults, simulationTrace)),
            SimulationWorkload.Locks => RunWith(new ClusterSimulation<LeaseLockInput, LeaseLockOutput>(
                random,
                parameters,
                new LockWorkload(new Random(random.Next()), parameters.KeyCount, parameters.Nodes, ClusterSimulation<LeaseLockInput, LeaseLockOutput>.TickMs, settings.Faults.LockFault),
                settings.Faults,
                simulationTrace)),
            SimulationWorkload.Queues => RunWith(new ClusterSimulation<QueueInput, QueueOutput>(
                random,
                parameters,
                new QueueWorkload(new Random(random.Next()), parameters.KeyCount, parameters.Nodes, settings.Faults.QueueFault),
                settings.Faults,
                simulationTrace)),
            _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Workload, "unknown workload"),
        };
        return new SeedResult(seed, verdict, $"{detail} [{parameters}]", statistics, simulationTrace.Lines);
    }

    private static SeedResult RunCache(int seed, Random random, SimulationSettings settings)
    {
        var trace = new SimulationTrace(settings.Trace);
        var simulation = new CacheSimulation(random, settings.Faults.CacheFault, trace);
        var (verdict, detail, statistics) = simulation.Run();
        return new SeedResult(seed, verdict, $"{detail} [{simulation.Parameters}]", statistics, trace.Lines);
    }

    private static (SeedVerdict Verdict, string Detail, SeedStatistics Statistics) RunWith<TInput, TOutput>(ClusterSimulation<TInput, TOutput> simulation)
    {
        var (verdict, detail) = Judge(simulation.Run);
        return (verdict, detail, simulation.Statistics());
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
