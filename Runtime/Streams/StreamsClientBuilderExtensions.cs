using OrleansSync.Runtime.Client;

namespace OrleansSync.Runtime.Streams;

/// <summary>Stream-provider verbs of <see cref="IClientBuilder"/> (a client publishes through them).</summary>
public static class StreamsClientBuilderExtensions
{
    /// <summary>Registers a cluster stream provider under <paramref name="name"/> (register the same name on the silos).</summary>
    public static IClientBuilder AddClusterStreams(this IClientBuilder builder, string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        StreamProviderServices.Add(builder.Services, name, _ => ClusterStreamProvider.Factory);
        return builder;
    }
}
