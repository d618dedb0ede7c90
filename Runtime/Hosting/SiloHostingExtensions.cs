using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansSync.Runtime.Diagnostics;
using OrleansSync.Runtime.Silo;

namespace OrleansSync.Runtime.Hosting;

/// <summary>Registers a silo on a Generic Host.</summary>
public static class SiloHostingExtensions
{
    /// <summary>Adds a silo: <c>services.AddOrleansSyncSilo(silo => silo.UseLocalhostClustering().AddMemoryGrainStorage("Default"))</c>.</summary>
    public static IServiceCollection AddOrleansSyncSilo(this IServiceCollection services, Action<ISiloBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<SiloOptions>().ValidateOnStart();
        services.AddOptions<LivenessOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SiloOptions>, SiloOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LivenessOptions>, LivenessOptionsValidator>());
        services.AddMetrics();
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RuntimeMetrics>();
        services.TryAddSingleton<SiloHost>();
        services.TryAddSingleton<ILocalSiloDetails, LocalSiloDetails>();
        services.AddHostedService(sp => sp.GetRequiredService<SiloHost>());
        services.TryAddSingleton<IGrainFactory>(sp => sp.GetRequiredService<SiloHost>().GrainFactory);
        configure(new SiloBuilder(services));
        if (!services.Any(d => d.ServiceType == typeof(ISiloClustering)))
        {
            throw new InvalidOperationException("No clustering configured for the silo: call UseLocalhostClustering(), UseInProcessClustering(...) or UseStaticClustering(...).");
        }

        return services;
    }
}
