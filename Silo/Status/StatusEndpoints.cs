using OrleansSync.Runtime.Hosting;
using OrleansSync.Runtime.Membership;

namespace OrleansSync.Silo.Status;

/// <summary><c>GET /status</c>: membership and Raft groups, read now (bounded by the status timeout).</summary>
internal static class StatusEndpoints
{
    public static IEndpointRouteBuilder MapStatusEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/status", GetStatusAsync)
            .WithName("GetStatus")
            .WithTags("Cluster")
            .WithSummary("Silos from the membership table, and Raft groups with leader, term, commit and applied index.")
            .Produces<ClusterStatus>();
        return routes;
    }

    private static async Task<IResult> GetStatusAsync(
        ILocalSiloDetails silo, IMembershipTable membership, RaftStatusReader reader, CancellationToken cancellationToken)
    {
        var groups = reader.ReadGroupsAsync(cancellationToken);
        var table = await membership.ReadAllAsync(cancellationToken);
        var silos = table.Rows
            .Select(row => MembershipSiloStatus.From(row.Entry))
            .OrderBy(s => s.Address, StringComparer.Ordinal)
            .ThenBy(s => s.Generation)
            .ToList();
        return Results.Json(new ClusterStatus(silo.Name, silo.Address?.ToString(), silos, await groups), SiloJson.Options);
    }
}
