using OrleansSync.Silo.Hosting;

namespace OrleansSync.Silo.Status;

/// <summary><c>GET /status</c>: membership and Raft groups, read now (bounded by the status timeout).</summary>
internal static class StatusEndpoints
{
    public static IEndpointRouteBuilder MapStatusEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/status", GetStatusAsync)
            .WithName("GetStatus")
            .WithTags("Cluster")
            .WithSummary("Silos from Orleans' membership, and Raft groups with current voters, learners, leader, term, commit and applied index.")
            .Produces<ClusterStatus>();
        return routes;
    }

    private static async Task<IResult> GetStatusAsync(
        SiloState silo, IGrainFactory grains, SiloHostOptions options, RaftStatusReader reader, CancellationToken cancellationToken) =>
        Results.Json(await ReadStatusAsync(silo, grains, options, reader, cancellationToken), SiloJson.Options);

    /// <summary>The body of <c>/status</c> (also what tests read without HTTP).</summary>
    internal static async Task<ClusterStatus> ReadStatusAsync(
        SiloState silo, IGrainFactory grains, SiloHostOptions options, RaftStatusReader reader, CancellationToken cancellationToken)
    {
        var groups = reader.ReadGroupsAsync(cancellationToken);
        var (silos, membershipError) = await ReadMembershipAsync(grains, TimeSpan.FromMilliseconds(options.StatusTimeoutMs), cancellationToken);
        return new ClusterStatus(silo.Name, silo.Address.ToString(), silos, membershipError, await groups);
    }

    /// <summary>Every silo Orleans' membership knows, dead ones included; when it cannot be read, none and the reason.</summary>
    private static async Task<(IReadOnlyList<MembershipSiloStatus> Silos, string? Error)> ReadMembershipAsync(
        IGrainFactory grains, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            var hosts = await grains.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: false, cancellationToken).WaitAsync(timeout, cancellationToken);
            return ([.. hosts.Select(MembershipSiloStatus.From).OrderBy(s => s.Address, StringComparer.Ordinal).ThenBy(s => s.Generation)], null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The status page still shows the Raft groups; the membership's failure is part of the answer.
            return ([], $"{exception.GetType().Name}: {exception.Message}");
        }
    }
}
