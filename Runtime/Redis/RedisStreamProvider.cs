using System.Globalization;
using OrleansSync.Runtime.Activation;
using OrleansSync.Runtime.Streams;

namespace OrleansSync.Runtime.Redis;

/// <summary>
/// Streams on Redis pub/sub, as seen by one grain (publish and subscribe) or client (publish).
/// At-most-once, no persistence, no replay; subscriptions are activation-local (see README).
/// </summary>
internal sealed class RedisStreamProvider : IStreamProvider
{
    private readonly RedisStreamAgent _agent;
    private readonly GrainActivation? _subscriber;

    public RedisStreamProvider(RedisStreamAgent agent, GrainActivation? subscriber)
    {
        _agent = agent;
        _subscriber = subscriber;
    }

    public string Name => _agent.ProviderName;

    /// <summary>
    /// The channel of a stream: <c>{prefix}{provider}/{namespace length}:{namespace}/{key}</c>. The
    /// length makes the name unambiguous when a namespace contains '/'.
    /// </summary>
    public static string ChannelOf(string channelPrefix, string providerName, StreamId streamId) =>
        string.Create(CultureInfo.InvariantCulture, $"{channelPrefix}{providerName}/{streamId.Namespace.Length}:{streamId.Namespace}/{streamId.Key}");

    public IAsyncStream<T> GetStream<T>(StreamId streamId)
    {
        ArgumentNullException.ThrowIfNull(streamId.Namespace);
        ArgumentNullException.ThrowIfNull(streamId.Key);
        return new RedisAsyncStream<T>(_agent, streamId, ChannelOf(_agent.Options.ChannelPrefix, Name, streamId), _subscriber);
    }

    public IAsyncStream<T> GetStream<T>(string streamNamespace, string key) => GetStream<T>(new StreamId(streamNamespace, key));
}
