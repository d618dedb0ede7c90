using Microsoft.Extensions.DependencyInjection;

namespace OrleansSync.Runtime.Client;

/// <summary>Configures a client inside <c>AddOrleansSyncClient</c>.</summary>
public interface IClientBuilder
{
    IServiceCollection Services { get; }
}
