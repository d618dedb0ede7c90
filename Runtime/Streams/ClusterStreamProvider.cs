using OrleansSync.Runtime.Activation;

namespace OrleansSync.Runtime.Streams;

/// <summary>The cluster stream provider: subscriptions live in pub-sub grains, items travel as grain calls.</summary>
internal sealed class ClusterStreamProvider : IStreamProvider
{
    /// <summary>The name the cluster provider is registered under in every silo and client.</summary>
    public const string DefaultName = "cluster";

    private readonly IGrainFactory _grainFactory;
    private readonly GrainActivation? _subscriber;

    public ClusterStreamProvider(string name, IGrainFactory grainFactory, GrainActivation? subscriber)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        _grainFactory = grainFactory;
        _subscriber = subscriber;
    }

    /// <summary>Creates the cluster provider's view for a caller (it needs no services).</summary>
    public static StreamProviderFactory Factory { get; } = static (name, grainFactory, subscriber) => new ClusterStreamProvider(name, grainFactory, subscriber);

    public string Name { get; }

    public IAsyncStream<T> GetStream<T>(StreamId streamId) => new AsyncStream<T>(Name, streamId, _grainFactory, _subscriber);

    public IAsyncStream<T> GetStream<T>(string streamNamespace, string key) => GetStream<T>(new StreamId(streamNamespace, key));
}
