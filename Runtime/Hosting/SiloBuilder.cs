using Microsoft.Extensions.DependencyInjection;

namespace OrleansSync.Runtime.Hosting;

internal sealed class SiloBuilder : ISiloBuilder
{
    public SiloBuilder(IServiceCollection services)
    {
        Services = services;
    }

    public IServiceCollection Services { get; }
}
