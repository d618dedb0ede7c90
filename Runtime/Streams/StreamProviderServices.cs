using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace OrleansSync.Runtime.Streams;

/// <summary>Registration helper shared by the silo and client builder verbs that add stream providers.</summary>
internal static class StreamProviderServices
{
    /// <summary>Registers the registry (once) and a provider under <paramref name="name"/>; a name used twice fails here, at configuration time.</summary>
    public static void Add(IServiceCollection services, string name, Func<IServiceProvider, StreamProviderFactory> build)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(build);
        var taken = services.Any(d => d.ServiceType == typeof(StreamProviderRegistration)
            && d.ImplementationInstance is StreamProviderRegistration registration
            && registration.Name == name);
        if (taken)
        {
            throw new InvalidOperationException($"A stream provider named '{name}' is already registered.");
        }

        AddRegistry(services);
        services.AddSingleton(new StreamProviderRegistration(name, build));
    }

    /// <summary>Registers the registry (the hosting verbs call this so the default cluster provider is always found).</summary>
    public static void AddRegistry(IServiceCollection services) =>
        services.TryAddSingleton(sp => new StreamProviderRegistry(sp, sp.GetServices<StreamProviderRegistration>()));
}
