using OrleansSync.Runtime.Activation;

namespace OrleansSync.Runtime.Streams;

/// <summary>The cluster stream provider: subscriptions live in pub-sub grains, items travel as grain calls.</summary>
internal sealed class ClusterStreamProvider : IStreamProvider
{
    private readonly IGrainFactory _grainFactory;
    private readonly GrainActivation? _subscriber;

    public ClusterStreamProvider(string name, IGrainFactory grainFactory, GrainActivation? subscriber)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        _grainFactory = grainFactory;
        _subscriber = subscriber;
    }

    public string Name { get; }

    public IAsyncStream<T> GetStream<T>(StreamId streamId) => new AsyncStream<T>(Name, streamId, _grainFactory, _subscriber);

    public IAsyncStream<T> GetStream<T>(string streamNamespace, string key) => GetStream<T>(new StreamId(streamNamespace, key));
}
