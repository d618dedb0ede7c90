using System.Globalization;
using OrleansSync.Grains.Interfaces.Locks;
using OrleansSync.Grains.Queues;

namespace OrleansSync.Silo.Api;

/// <summary>
/// <c>GET /cluster/queues</c>: every queue of the cluster with each partition's visible, in-flight,
/// delayed and dead-lettered counts, oldest message age and counters (the pages' Queues page), read
/// with one bounded read per group.
/// </summary>
internal static class QueueClusterApi
{
    public static IEndpointRouteBuilder MapQueueClusterApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/cluster/queues", ListAsync)
            .WithTags("Cluster")
            .WithName("ListQueues")
            .WithSummary("Queue totals and the queues whose name contains ?contains= (at most ?limit=, 0-1024, default 100), each partition with its counts, oldest message age and counters.")
            .Produces<QueueListState>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return routes;
    }

    private static async Task<IResult> ListAsync(HttpRequest request, QueueListReader reader, CancellationToken cancellationToken)
    {
        var contains = request.Query["contains"].ToString();
        var limitText = request.Query["limit"].ToString();
        var limit = QueueListReader.DefaultListLimit;
        if (limitText.Length > 0 && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit > QueueListReader.MaxListLimit))
        {
            return Problems.BadRequest(ProblemCodes.Of(LockErrorCode.InvalidArgument), $"limit must be 0 to {QueueListReader.MaxListLimit}.");
        }

        if (contains.Length > QueueTable.MaxQueueNameLength || contains.Any(char.IsControl))
        {
            return Problems.BadRequest(ProblemCodes.InvalidName, $"contains must be at most {QueueTable.MaxQueueNameLength} characters without control characters.");
        }

        return Results.Json(await reader.ReadAsync(contains, limit, cancellationToken), SiloJson.Options);
    }
}
