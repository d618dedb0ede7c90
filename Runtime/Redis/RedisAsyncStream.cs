using OrleansSync.Runtime.Activation;
using OrleansSync.Runtime.Serialization;
using OrleansSync.Runtime.Streams;

namespace OrleansSync.Runtime.Redis;

/// <summary>
/// A stream on a Redis channel. <see cref="OnNextAsync"/> completes when Redis accepted the item,
/// not when subscribers processed it. A subscription belongs to the calling activation and ends with
/// it; <see cref="GetAllSubscriptionHandles"/> returns that activation's live subscriptions only.
/// </summary>
internal sealed class RedisAsyncStream<T> : IAsyncStream<T>, ISubscribableStream<T>
{
    private readonly RedisStreamAgent _agent;
    private readonly string _channel;
    private readonly GrainActivation? _subscriber;

    public RedisAsyncStream(RedisStreamAgent agent, StreamId streamId, string channel, GrainActivation? subscriber)
    {
        _agent = agent;
        StreamId = streamId;
        _channel = channel;
        _subscriber = subscriber;
    }

    public StreamId StreamId { get; }

    public Task OnNextAsync(T item) => _agent.PublishAsync(_channel, GrainSerializer.Serialize(item));

    public async Task<StreamSubscriptionHandle<T>> SubscribeAsync(Func<T, Task> onNextAsync)
    {
        ArgumentNullException.ThrowIfNull(onNextAsync);
        var subscriber = Subscriber();
        var subscriptionId = Guid.NewGuid();
        AttachHandler(subscriber, subscriptionId, onNextAsync);
        try
        {
            await _agent.SubscribeAsync(_channel, new RedisStreamSubscription(subscriber, subscriptionId)).ConfigureAwait(false);
        }
        catch
        {
            subscriber.StreamHandlers.TryRemove(subscriptionId, out _);
            throw;
        }

        return new StreamSubscriptionHandle<T>(this, subscriptionId);
    }

    public Task<IList<StreamSubscriptionHandle<T>>> GetAllSubscriptionHandles()
    {
        var subscriptions = _agent.GetSubscriptions(_channel, Subscriber());
        return Task.FromResult<IList<StreamSubscriptionHandle<T>>>([.. subscriptions.Select(id => new StreamSubscriptionHandle<T>(this, id))]);
    }

    public Task ResumeAsync(Guid subscriptionId, Func<T, Task> onNextAsync)
    {
        AttachHandler(Subscriber(), subscriptionId, onNextAsync);
        return Task.CompletedTask;
    }

    public async Task UnsubscribeAsync(Guid subscriptionId)
    {
        var subscriber = Subscriber();
        await _agent.UnsubscribeAsync(_channel, subscriber, subscriptionId).ConfigureAwait(false);
        subscriber.StreamHandlers.TryRemove(subscriptionId, out _);
    }

    private static void AttachHandler(GrainActivation subscriber, Guid subscriptionId, Func<T, Task> onNextAsync) =>
        subscriber.StreamHandlers[subscriptionId] = bytes => onNextAsync(GrainSerializer.Deserialize<T>(bytes));

    private GrainActivation Subscriber() => _subscriber
        ?? throw new NotSupportedException($"Only grains can subscribe to stream {StreamId}: clients can publish but not subscribe.");
}
