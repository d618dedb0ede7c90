using Microsoft.Extensions.DependencyInjection;
using OrleansSync.Runtime.Activation;

namespace OrleansSync.Runtime.Streams;

/// <summary>
/// The stream providers of one host (silo or client), by name. The cluster provider is always
/// there under <see cref="ClusterStreamProvider.DefaultName"/> unless that name was registered
/// explicitly. Each registration's factory is built once, on first use.
/// </summary>
internal sealed class StreamProviderRegistry
{
    private static readonly StreamProviderRegistry ClusterOnly = new(EmptyServices.Instance, []);

    private readonly Dictionary<string, Lazy<StreamProviderFactory>> _factories = new(StringComparer.Ordinal);

    public StreamProviderRegistry(IServiceProvider services, IEnumerable<StreamProviderRegistration> registrations)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(registrations);
        foreach (var registration in registrations)
        {
            if (!_factories.TryAdd(registration.Name, new Lazy<StreamProviderFactory>(() => registration.Build(services))))
            {
                throw new InvalidOperationException($"Two stream providers are registered under the name '{registration.Name}'.");
            }
        }

        _factories.TryAdd(ClusterStreamProvider.DefaultName, new Lazy<StreamProviderFactory>(() => ClusterStreamProvider.Factory));
    }

    /// <summary>The registered names, sorted.</summary>
    public IReadOnlyList<string> Names => [.. _factories.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The host's registry, or one holding only the cluster provider if the host registered none.</summary>
    public static StreamProviderRegistry For(IServiceProvider services) => services.GetService<StreamProviderRegistry>() ?? ClusterOnly;

    /// <summary>The registry of a caller without a host (only the cluster provider).</summary>
    public static StreamProviderRegistry Default => ClusterOnly;

    /// <summary>The provider named <paramref name="name"/> as seen by the caller; <see cref="StreamProviderNotFoundException"/> if none.</summary>
    public IStreamProvider Get(string name, IGrainFactory grainFactory, GrainActivation? subscriber)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!_factories.TryGetValue(name, out var factory))
        {
            throw new StreamProviderNotFoundException(name, Names);
        }

        return factory.Value(name, grainFactory, subscriber);
    }

    /// <summary>Services of a host that registered nothing (the cluster provider needs none).</summary>
    private sealed class EmptyServices : IServiceProvider
    {
        public static readonly EmptyServices Instance = new();

        public object? GetService(Type serviceType) => null;
    }
}
