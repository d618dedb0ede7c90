using OrleansSync.Grains.Cache.Client;

namespace OrleansSync.Silo.Api;

/// <summary>
/// Read-only views of the coherent cache across the cluster, for the pages (and anyone): one
/// key's directory view beside every silo's copy, and every silo's near-cache counters. Silos are
/// named as <c>/cluster/silos</c> names them. Each silo is asked at once and within
/// <see cref="CacheClient.SiloReadTimeout"/>; one that does not answer is reported with an error.
/// </summary>
internal static class CacheClusterApi
{
    private const string Tag = "Cluster";

    public static IEndpointRouteBuilder MapCacheClusterApi(this IEndpointRouteBuilder routes)
    {
        var cluster = routes.MapGroup("/cluster/cache").WithTags(Tag);
        cluster.MapGet(string.Empty, GetStatsAsync)
            .WithName("GetCacheClusterStats")
            .WithSummary("Every active silo's near cache: hits, misses, hit rate, invalidations sent and acked, recalls, evictions, bytes, live lines by state (M/E/S).")
            .Produces<CacheClusterStats>()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        cluster.MapGet("/{**key}", GetStateAsync)
            .WithName("GetCacheKeyState")
            .WithSummary("The key's version and the directory's owner or sharers (read through its Raft leader), and every active silo's line state (M, E, S or I).")
            .Produces<CacheKeyStateResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return routes;
    }

    private static async Task<IResult> GetStateAsync(string? key, CacheClient client, CancellationToken cancellationToken)
    {
        var name = CacheApi.ReadKey(key, out var problem);
        return name is null ? problem! : await CacheApi.RunAsync(async () =>
        {
            var state = await client.StateAsync(name, cancellationToken);
            return Results.Json(
                new CacheKeyStateResponse(
                    state.Key,
                    state.Version,
                    state.Owner?.Name,
                    [.. state.Sharers.Select(s => s.Name)],
                    [.. state.Silos.Select(s => new CacheSiloLineState(s.Silo.Name, s.State, s.Error))]),
                SiloJson.Options);
        });
    }

    private static Task<IResult> GetStatsAsync(CacheClient client, CancellationToken cancellationToken) =>
        CacheApi.RunAsync(async () =>
        {
            var reports = await client.ClusterStatsAsync(cancellationToken);
            return Results.Json(new CacheClusterStats([.. reports.Select(ToState)]), SiloJson.Options);
        });

    private static CacheSiloStatsState ToState(CacheSiloReport report) => report.Stats is { } stats
        ? new CacheSiloStatsState(
            report.Silo.Name,
            stats.Hits,
            stats.Misses,
            stats.HitRate,
            stats.InvalidationsSent,
            stats.InvalidationsAcked,
            stats.Recalls,
            stats.Evictions,
            stats.Bytes,
            new CacheLineCounts(stats.ModifiedLines, stats.ExclusiveLines, stats.SharedLines))
        : new CacheSiloStatsState(report.Silo.Name, null, null, null, null, null, null, null, null, null, report.Error);
}
