using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OrleansSync.Silo;

/// <summary>Healthy when every Raft group has a leader that answers; degraded with the leaderless groups named otherwise.</summary>
internal sealed class RaftGroupsHealthCheck(DevelopmentCluster cluster) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var statuses = await cluster.GetStatusAsync(TimeSpan.FromSeconds(2));
        var leaderless = Enumerable.Range(0, cluster.Groups)
            .Where(group => !statuses.Any(s => s.Group == group && s.Role == "Leader"))
            .ToList();
        return leaderless.Count == 0
            ? HealthCheckResult.Healthy($"{cluster.Groups} Raft groups have leaders.")
            : HealthCheckResult.Unhealthy($"Raft groups without a leader: {string.Join(", ", leaderless)}.");
    }
}
