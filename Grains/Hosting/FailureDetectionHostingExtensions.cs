using Orleans.Configuration;

namespace OrleansSync.Grains.Hosting;

/// <summary>
/// Orleans membership timing for OrleansSync silos. Orleans' defaults (5 s probes, 3 misses, 2
/// votes) declare a killed silo dead after about 16 s; these declare it dead in about 3 s, so that
/// lost replicas are replaced and clients stop trying the dead gateway soon. Raft failover itself
/// never waits for membership: a new leader is elected within a few election timeouts (ADR 0011).
/// </summary>
public static class FailureDetectionHostingExtensions
{
    /// <summary>Time a probe may take before it counts as missed.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromMilliseconds(1_000);

    /// <summary>Missed probes before a silo votes its target dead.</summary>
    public const int MissedProbesLimit = 2;

    public static ISiloBuilder UseFastFailureDetection(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Configure<ClusterMembershipOptions>(options =>
        {
            options.ProbeTimeout = ProbeTimeout;
            options.NumMissedProbesLimit = MissedProbesLimit;
            options.NumVotesForDeathDeclaration = 1;
            options.TableRefreshTimeout = TimeSpan.FromSeconds(2);
            options.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(10);
            options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(10);
        });
    }
}
