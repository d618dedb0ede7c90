using Prometheus;

namespace OrleansSync.Silo.Metrics;

/// <summary><c>GET /metrics</c>: Orleans' instruments, ours, and the Raft series, in the Prometheus text format.</summary>
internal static class MetricsEndpoint
{
    public static IEndpointRouteBuilder MapMetricsEndpoint(this IEndpointRouteBuilder routes)
    {
        var registry = routes.ServiceProvider.GetRequiredService<SiloMetrics>().Registry;
        routes.MapMetrics("/metrics", registry)
            .WithName("GetMetrics")
            .WithTags("Cluster")
            .WithSummary("Orleans' and OrleansSync's instruments and the Raft series (term, commit and applied index, leader) in the Prometheus text format.");
        return routes;
    }
}
