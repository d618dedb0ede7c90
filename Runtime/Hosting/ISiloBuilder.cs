using Microsoft.Extensions.DependencyInjection;

namespace OrleansSync.Runtime.Hosting;

/// <summary>Configures a silo inside <c>AddOrleansSyncSilo</c>.</summary>
public interface ISiloBuilder
{
    IServiceCollection Services { get; }
}
