namespace OrleansSync.Silo.Metrics;

/// <summary><c>GET /metrics</c>: Orleans' instruments, ours, and the Raft series, in the Prometheus text format (prometheus-net's exposition).</summary>
internal static class MetricsEndpoint
{
    private const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static IEndpointRouteBuilder MapMetricsEndpoint(this IEndpointRouteBuilder routes)
    {
        // Created now, so that its meter adapter sees the silo's instruments from the first call on.
        routes.ServiceProvider.GetRequiredService<SiloMetrics>();
        routes.MapGet("/metrics", async (SiloMetrics metrics, HttpResponse response, CancellationToken cancellationToken) =>
            {
                response.ContentType = ContentType;
                await metrics.Registry.CollectAndExportAsTextAsync(response.Body, cancellationToken);
            })
            .WithName("GetMetrics")
            .WithTags("Cluster")
            .WithSummary("Orleans' and OrleansSync's instruments and the Raft series (term, commit and applied index, leader) in the Prometheus text format.")
            .Produces<string>(StatusCodes.Status200OK, "text/plain");
        return routes;
    }
}
