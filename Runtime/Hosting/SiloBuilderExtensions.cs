using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansSync.Runtime.Invocation;
using OrleansSync.Runtime.Storage;

namespace OrleansSync.Runtime.Hosting;

/// <summary>The Orleans-style configuration verbs of <see cref="ISiloBuilder"/>.</summary>
public static class SiloBuilderExtensions
{
    public static ISiloBuilder Configure(this ISiloBuilder builder, Action<SiloOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure(configure);
        return builder;
    }

    public static ISiloBuilder ConfigureLiveness(this ISiloBuilder builder, Action<LivenessOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure(configure);
        return builder;
    }

    /// <summary>A cluster inside this process: this host's silo (and a client added to the same host) share one in-process network.</summary>
    public static ISiloBuilder UseLocalhostClustering(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<InProcessCluster>();
        return builder;
    }

    /// <summary>Joins the given in-process cluster (several hosts in one process, e.g. a test cluster).</summary>
    public static ISiloBuilder UseInProcessClustering(this ISiloBuilder builder, InProcessCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.RemoveAll<InProcessCluster>();
        builder.Services.AddSingleton(cluster);
        return builder;
    }

    /// <summary>Makes sure the generated registrations of an assembly of grains have run.</summary>
    public static ISiloBuilder AddGrainAssembly(this ISiloBuilder builder, Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(builder);
        GrainTypeRegistry.EnsureRegistered(assembly);
        return builder;
    }

    public static ISiloBuilder AddMemoryGrainStorage(this ISiloBuilder builder, string name) =>
        builder.AddMemoryGrainStorage(name, new MemoryGrainStorage());

    /// <summary>Uses a given memory store (share one between silos of one process so state outlives a silo).</summary>
    public static ISiloBuilder AddMemoryGrainStorage(this ISiloBuilder builder, string name, MemoryGrainStorage storage)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        builder.Services.AddKeyedSingleton<IGrainStorage>(name, storage);
        return builder;
    }

    public static ISiloBuilder AddFileGrainStorage(this ISiloBuilder builder, string name, Action<FileGrainStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        builder.Services.AddOptions<FileGrainStorageOptions>(name).Configure(configure).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FileGrainStorageOptions>, FileGrainStorageOptionsValidator>());
        builder.Services.AddKeyedSingleton<IGrainStorage>(name, (sp, key) =>
            new FileGrainStorage(sp.GetRequiredService<IOptionsMonitor<FileGrainStorageOptions>>().Get((string)key!)));
        return builder;
    }
}
