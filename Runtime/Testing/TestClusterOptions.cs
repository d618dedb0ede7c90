namespace OrleansSync.Runtime.Testing;

/// <summary>Options of a <see cref="TestCluster"/>.</summary>
public sealed class TestClusterOptions
{
    public const int DefaultInitialSilosCount = 2;
    public const int DefaultProbeIntervalMs = 100;
    public const int DefaultProbeTimeoutMs = 200;
    public const int DefaultMissedProbesLimit = 3;
    public const int DefaultResponseTimeoutMs = 10_000;

    /// <summary>Silos started by <see cref="TestCluster.DeployAsync"/>.</summary>
    public int InitialSilosCount { get; set; } = DefaultInitialSilosCount;

    /// <summary>Probe interval of every silo (short, so kills are detected quickly).</summary>
    public int ProbeIntervalMs { get; set; } = DefaultProbeIntervalMs;

    /// <summary>Probe timeout of every silo.</summary>
    public int ProbeTimeoutMs { get; set; } = DefaultProbeTimeoutMs;

    /// <summary>Missed probes before a silo votes another dead.</summary>
    public int MissedProbesLimit { get; set; } = DefaultMissedProbesLimit;

    /// <summary>Grain call response timeout for silos and the client.</summary>
    public int ResponseTimeoutMs { get; set; } = DefaultResponseTimeoutMs;
}
