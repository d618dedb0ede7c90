using OrleansSync.Silo.Health;
using OrleansSync.Silo.Hosting;

namespace OrleansSync.Silo.Status;

/// <summary>
/// The services behind <c>/status</c>, <c>/health</c> and the Raft series of <c>/metrics</c>: what
/// the silo knows of itself, the group reader and its refreshing cache, the readiness check. One
/// registration for the host and for tests that run it on other silos (an InProcessTestCluster).
/// </summary>
internal static class StatusServiceCollectionExtensions
{
    /// <summary>Registers them; <see cref="SiloHostOptions"/> must be registered too (groups, replicas, refresh interval, timeout).</summary>
    public static IServiceCollection AddSiloStatus(this IServiceCollection services)
    {
        services.AddSingleton<SiloState>();
        services.AddSingleton<RaftStatusReader>();
        services.AddSingleton<RaftStatusCache>();
        services.AddHostedService(sp => sp.GetRequiredService<RaftStatusCache>());
        services.AddHealthChecks().AddCheck<SiloReadinessHealthCheck>("silo", tags: ["ready"]);
        return services;
    }
}
