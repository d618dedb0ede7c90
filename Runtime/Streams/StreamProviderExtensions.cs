using OrleansSync.Runtime.Client;

namespace OrleansSync.Runtime.Streams;

/// <summary>Orleans-style access to stream providers.</summary>
public static class StreamProviderExtensions
{
    /// <summary>The named stream provider as seen by this grain (it can publish and subscribe).</summary>
    public static IStreamProvider GetStreamProvider(this Grain grain, string name)
    {
        ArgumentNullException.ThrowIfNull(grain);
        return new ClusterStreamProvider(name, grain.RuntimeActivation.GrainFactory, grain.RuntimeActivation);
    }

    /// <summary>The named stream provider as seen by a client (it can publish).</summary>
    public static IStreamProvider GetStreamProvider(this IClusterClient client, string name)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new ClusterStreamProvider(name, client, null);
    }
}
