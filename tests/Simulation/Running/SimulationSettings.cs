using OrleansSync.Simulation.Cluster;

namespace OrleansSync.Simulation.Running;

/// <summary>What a run of seeds holds fixed; everything else is drawn from each seed.</summary>
internal sealed record SimulationSettings
{
    /// <summary>Cluster size; null lets each seed pick 3 or 5.</summary>
    public int? Nodes { get; init; }

    public SimulationWorkload Workload { get; init; } = SimulationWorkload.KeyValue;

    /// <summary>A deliberate bug to plant, or <see cref="FaultInjection.None"/>.</summary>
    public FaultInjection Faults { get; init; } = FaultInjection.None;

    /// <summary>
    /// Whether a crash may strike in the middle of a Ready's writes, leaving a prefix of them on disk
    /// (a torn batch). On by default: it is what a WAL with per-record checksums does on power loss.
    /// </summary>
    public bool TornWrites { get; init; } = true;

    /// <summary>Record a trace of the run (for failure reports).</summary>
    public bool Trace { get; init; }
}
