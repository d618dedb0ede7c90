using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using OrleansSync.Silo.Health;
using OrleansSync.Silo.Status;

namespace OrleansSync.Silo;

/// <summary>Every HTTP endpoint of a silo, mapped in one place.</summary>
internal static class SiloHttpApi
{
    public static void Map(WebApplication app)
    {
        app.MapStatusEndpoints();
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready"), ResponseWriter = HealthResponseWriter.WriteAsync });
    }
}
