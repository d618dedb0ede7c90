using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansSync.Runtime.Diagnostics;
using OrleansSync.Runtime.Hosting;
using OrleansSync.Runtime.Streams;

namespace OrleansSync.Runtime.Client;

/// <summary>Registers a <see cref="IClusterClient"/> on a Generic Host.</summary>
public static class ClientHostingExtensions
{
    public static IServiceCollection AddOrleansSyncClient(this IServiceCollection services, Action<IClientBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<ClientOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClientOptions>, ClientOptionsValidator>());
        services.AddMetrics();
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RuntimeMetrics>();
        services.TryAddSingleton<ClusterClient>();
        services.TryAddSingleton<IClusterClient>(sp => sp.GetRequiredService<ClusterClient>());
        services.AddHostedService(sp => sp.GetRequiredService<ClusterClient>());
        StreamProviderServices.AddRegistry(services);
        configure(new ClientBuilder(services));
        if (!services.Any(d => d.ServiceType == typeof(IClientClustering)))
        {
            throw new InvalidOperationException("No clustering configured for the client: call UseLocalhostClustering(), UseInProcessClustering(...) or UseStaticClustering(...).");
        }

        return services;
    }

    public static IClientBuilder Configure(this IClientBuilder builder, Action<ClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure(configure);
        return builder;
    }

    /// <summary>Connects to the in-process cluster of this host (<c>UseLocalhostClustering</c> on a silo in the same host).</summary>
    public static IClientBuilder UseLocalhostClustering(this IClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<InProcessCluster>();
        builder.Services.RemoveAll<IClientClustering>();
        builder.Services.AddSingleton<IClientClustering, InProcessClientClustering>();
        return builder;
    }

    /// <summary>Connects to the given in-process cluster.</summary>
    public static IClientBuilder UseInProcessClustering(this IClientBuilder builder, InProcessCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.RemoveAll<InProcessCluster>();
        builder.Services.AddSingleton(cluster);
        builder.Services.RemoveAll<IClientClustering>();
        builder.Services.AddSingleton<IClientClustering, InProcessClientClustering>();
        return builder;
    }
}
