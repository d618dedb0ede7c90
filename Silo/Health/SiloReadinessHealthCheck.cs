using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrleansSync.Silo.Hosting;
using OrleansSync.Silo.Status;

namespace OrleansSync.Silo.Health;

/// <summary>
/// Ready when this silo is active in its own membership view and every Raft group has a leader,
/// as the last cached status reading says (never waits on grain calls).
/// </summary>
internal sealed class SiloReadinessHealthCheck(SiloState silo, RaftStatusCache status) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(Check());

    private HealthCheckResult Check()
    {
        if (silo.IsStopping)
        {
            return HealthCheckResult.Unhealthy($"Silo {silo.Name} is stopping.");
        }

        if (!silo.IsActive)
        {
            return HealthCheckResult.Unhealthy($"Silo {silo.Name} is not active in the cluster (yet).");
        }

        if (status.Latest is not { } snapshot)
        {
            return HealthCheckResult.Unhealthy("The Raft groups' status has not been read yet.");
        }

        if (status.IsStale(snapshot))
        {
            return HealthCheckResult.Unhealthy($"The Raft groups' status is stale (read at {snapshot.ReadAt:O}).");
        }

        var data = new Dictionary<string, object>
        {
            ["silo"] = silo.Address.ToString(),
            ["activeSilos"] = silo.ActiveSiloCount,
            ["groups"] = snapshot.Groups.Count,
        };
        var leaderless = snapshot.LeaderlessGroups;
        return leaderless.Count == 0
            ? HealthCheckResult.Healthy($"Joined as {silo.Address}; all {snapshot.Groups.Count} Raft groups have leaders.", data)
            : HealthCheckResult.Unhealthy($"Raft groups without a leader: {string.Join(", ", leaderless)}.", data: data);
    }
}
