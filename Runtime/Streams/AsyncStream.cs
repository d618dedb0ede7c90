using OrleansSync.Runtime.Activation;
using OrleansSync.Runtime.Serialization;

namespace OrleansSync.Runtime.Streams;

/// <summary>A stream as seen from one grain (which can subscribe) or one client (which can only publish).</summary>
internal sealed class AsyncStream<T> : IAsyncStream<T>, ISubscribableStream<T>
{
    private readonly IGrainFactory _grainFactory;
    private readonly GrainActivation? _subscriber;
    private readonly IStreamPubSubGrain _pubSub;

    public AsyncStream(string providerName, StreamId streamId, IGrainFactory grainFactory, GrainActivation? subscriber)
    {
        StreamId = streamId;
        _grainFactory = grainFactory;
        _subscriber = subscriber;
        _pubSub = grainFactory.GetGrain<IStreamPubSubGrain>($"{providerName}/{streamId.Namespace}/{streamId.Key}");
    }

    public StreamId StreamId { get; }

    public Task OnNextAsync(T item) => _pubSub.Publish(GrainSerializer.Serialize(item));

    public async Task<StreamSubscriptionHandle<T>> SubscribeAsync(Func<T, Task> onNextAsync)
    {
        ArgumentNullException.ThrowIfNull(onNextAsync);
        var subscriber = Subscriber();
        var subscriptionId = Guid.NewGuid();
        AttachHandler(subscriptionId, onNextAsync);
        await _pubSub.Subscribe(new StreamSubscription(subscriptionId, subscriber.GrainId.GrainType, subscriber.GrainId.Key));
        return new StreamSubscriptionHandle<T>(this, subscriptionId);
    }

    public async Task<IList<StreamSubscriptionHandle<T>>> GetAllSubscriptionHandles()
    {
        var subscriber = Subscriber();
        var subscriptions = await _pubSub.GetSubscriptions(subscriber.GrainId.GrainType, subscriber.GrainId.Key);
        return [.. subscriptions.Select(s => new StreamSubscriptionHandle<T>(this, s.SubscriptionId))];
    }

    public Task ResumeAsync(Guid subscriptionId, Func<T, Task> onNextAsync)
    {
        AttachHandler(subscriptionId, onNextAsync);
        return Task.CompletedTask;
    }

    public async Task UnsubscribeAsync(Guid subscriptionId)
    {
        await _pubSub.Unsubscribe(subscriptionId);
        Subscriber().StreamHandlers.TryRemove(subscriptionId, out _);
    }

    private void AttachHandler(Guid subscriptionId, Func<T, Task> onNextAsync) =>
        Subscriber().StreamHandlers[subscriptionId] = bytes => onNextAsync(GrainSerializer.Deserialize<T>(bytes));

    private GrainActivation Subscriber() => _subscriber
        ?? throw new NotSupportedException($"Only grains can subscribe to stream {StreamId}: clients can publish but not subscribe.");
}
