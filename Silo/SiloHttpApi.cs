using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Orleans.Dashboard;
using OrleansSync.Silo.Api;
using OrleansSync.Silo.Health;
using OrleansSync.Silo.Metrics;
using OrleansSync.Silo.Status;
using OrleansSync.Silo.Ui;

namespace OrleansSync.Silo;

/// <summary>Every HTTP endpoint of a silo, and the error handling around them, in one place.</summary>
internal static class SiloHttpApi
{
    public static void Map(WebApplication app)
    {
        // Unhandled exceptions and bare status codes (unknown path, wrong method) become problem details too.
        // First: a request without the token (when one is configured) reaches nothing else.
        app.UseReadOnlyCors();
        app.UseHttpAuthentication();
        app.UseDashboardBackLink();
        app.UseExceptionHandler();
        app.UseStatusCodePages(StatusCodeProblems.WriteAsync);
        app.UseMalformedRequestProblems();
        KestrelRejectionProblems.Install(app.Services);
        app.MapLockApi();
        app.MapClusterReadApi();
        app.MapQueueApi();
        app.MapQueueClusterApi();
        app.MapCacheApi();
        app.MapCacheClusterApi();
        app.MapStatusEndpoints();
        app.MapMetricsEndpoint();
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready"), ResponseWriter = HealthResponseWriter.WriteAsync })
            .WithMetadata(new Microsoft.AspNetCore.Routing.EndpointNameMetadata("GetHealth"), new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]));
        app.MapOpenApi();

        // Orleans' own dashboard (grains, silos, calls), and our pages beside it (Raft groups, locks).
        app.MapOrleansDashboard(routePrefix: "/dashboard");
        app.MapUi();
    }
}
