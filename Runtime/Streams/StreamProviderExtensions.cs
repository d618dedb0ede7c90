using OrleansSync.Runtime.Client;

namespace OrleansSync.Runtime.Streams;

/// <summary>Orleans-style access to stream providers.</summary>
public static class StreamProviderExtensions
{
    /// <summary>
    /// The stream provider registered under <paramref name="name"/> as seen by this grain (it can
    /// publish and subscribe); <see cref="StreamProviderNotFoundException"/> if the silo has none by that name.
    /// </summary>
    public static IStreamProvider GetStreamProvider(this Grain grain, string name)
    {
        ArgumentNullException.ThrowIfNull(grain);
        var activation = grain.RuntimeActivation;
        return StreamProviderRegistry.For(activation.Services).Get(name, activation.GrainFactory, activation);
    }

    /// <summary>
    /// The stream provider registered under <paramref name="name"/> as seen by a client (it can
    /// publish); <see cref="StreamProviderNotFoundException"/> if the client has none by that name.
    /// </summary>
    public static IStreamProvider GetStreamProvider(this IClusterClient client, string name)
    {
        ArgumentNullException.ThrowIfNull(client);
        var registry = client is ClusterClient clusterClient ? StreamProviderRegistry.For(clusterClient.Services) : StreamProviderRegistry.Default;
        return registry.Get(name, client, null);
    }
}
