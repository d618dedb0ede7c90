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
        var (silos, membershipError) = await ReadMembershipAsync(membership, cancellationToken);
        return Results.Json(new ClusterStatus(silo.Name, silo.Address?.ToString(), silos, membershipError, await groups), SiloJson.Options);
    }

    /// <summary>Every row of the table; when the table cannot be read (Redis down), none and the reason.</summary>
    private static async Task<(IReadOnlyList<MembershipSiloStatus> Silos, string? Error)> ReadMembershipAsync(IMembershipTable membership, CancellationToken cancellationToken)
    {
        try
        {
            var table = await membership.ReadAllAsync(cancellationToken);
            return ([.. table.Rows.Select(row => MembershipSiloStatus.From(row.Entry)).OrderBy(s => s.Address, StringComparer.Ordinal).ThenBy(s => s.Generation)], null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The status page still shows the Raft groups; the table's failure is part of the answer.
            return ([], $"{exception.GetType().Name}: {exception.Message}");
        }
    }
}
