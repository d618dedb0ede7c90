using Microsoft.Extensions.DependencyInjection;

namespace OrleansSync.Runtime.Client;

internal sealed class ClientBuilder : IClientBuilder
{
    public ClientBuilder(IServiceCollection services)
    {
        Services = services;
    }

    public IServiceCollection Services { get; }
}
