using OrleansSync.Runtime.Membership;

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

    /// <summary>
    /// Silos and client talk over real TCP sockets on loopback (the messaging transport, the
    /// membership agent over a shared in-memory table) instead of the in-process network.
    /// </summary>
    public bool UseTcp { get; set; }

    /// <summary>
    /// TCP mode only: the membership table silos and client use unless their own configuration
    /// replaces it (e.g. <c>UseRedisClustering</c>), and the one the cluster reads to wait for
    /// liveness. Null: a new in-memory table. The caller owns (and disposes) the table.
    /// </summary>
    public IMembershipTable? MembershipTable { get; set; }

    /// <summary>Grain call response timeout for silos and the client.</summary>
    public int ResponseTimeoutMs { get; set; } = DefaultResponseTimeoutMs;
}
