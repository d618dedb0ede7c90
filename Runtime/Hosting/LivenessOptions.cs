namespace OrleansSync.Runtime.Hosting;

/// <summary>Options of the in-process liveness agent (probing and death votes).</summary>
public sealed class LivenessOptions
{
    public const int DefaultProbeIntervalMs = 1000;
    public const int DefaultProbeTimeoutMs = 1000;
    public const int DefaultMissedProbesLimit = 3;

    /// <summary>How often each silo probes every other active silo.</summary>
    public int ProbeIntervalMs { get; set; } = DefaultProbeIntervalMs;

    /// <summary>A probe without an answer in this time counts as missed.</summary>
    public int ProbeTimeoutMs { get; set; } = DefaultProbeTimeoutMs;

    /// <summary>Consecutive missed probes after which a silo votes its target dead.</summary>
    public int MissedProbesLimit { get; set; } = DefaultMissedProbesLimit;
}
