using OrleansSync.Runtime.Hosting;

namespace OrleansSync.Runtime.Streams;

/// <summary>Stream-provider verbs of <see cref="ISiloBuilder"/>.</summary>
public static class StreamsSiloBuilderExtensions
{
    /// <summary>
    /// Registers a cluster stream provider (pub-sub grains, subscriptions in the <c>PubSubStore</c>
    /// grain storage) under <paramref name="name"/>. One named
    /// <see cref="ClusterStreamProvider.DefaultName"/> exists without this call.
    /// </summary>
    public static ISiloBuilder AddClusterStreams(this ISiloBuilder builder, string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        StreamProviderServices.Add(builder.Services, name, _ => ClusterStreamProvider.Factory);
        return builder;
    }
}
