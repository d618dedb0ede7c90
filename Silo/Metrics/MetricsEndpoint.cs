using OrleansSync.Runtime.Hosting;
using OrleansSync.Silo.Status;

namespace OrleansSync.Silo.Metrics;

/// <summary><c>GET /metrics</c>: the runtime's instruments and the Raft series, in the Prometheus text format.</summary>
internal static class MetricsEndpoint
{
    public static IEndpointRouteBuilder MapMetricsEndpoint(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/metrics", (RuntimeMetricsCollector collector, RaftStatusCache status, ILocalSiloDetails silo, TimeProvider time) =>
            {
                var writer = new PrometheusTextWriter();
                collector.WriteTo(writer);
                writer.WriteFamily("orleanssync_metrics_dropped_measurements_total", "counter", "Measurements not exported because an instrument reached its series bound.");
                writer.WriteSample("orleanssync_metrics_dropped_measurements_total", [], collector.DroppedMeasurements);
                RaftMetricsWriter.Write(writer, status.Latest, silo, time);
                return Results.Text(writer.ToString(), PrometheusTextWriter.ContentType);
            })
            .WithName("GetMetrics")
            .WithTags("Cluster")
            .WithSummary("Runtime instruments and Raft series (term, commit and applied index, leader) in the Prometheus text format.")
            .Produces<string>(StatusCodes.Status200OK, "text/plain");
        return routes;
    }
}
