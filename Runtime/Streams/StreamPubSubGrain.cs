using OrleansSync.Runtime.Invocation;

namespace OrleansSync.Runtime.Streams;

/// <summary>
/// Keeps a stream's subscriptions in grain storage (<see cref="StorageName"/>) and fans items out
/// to the subscriber grains, in parallel, completing when all have processed them. Reentrant, so
/// a subscriber that publishes to the same stream while handling an item does not deadlock it.
/// </summary>
[Reentrant]
internal sealed class StreamPubSubGrain : Grain, IStreamPubSubGrain
{
    /// <summary>The grain storage the pub-sub grains use (as in Orleans).</summary>
    public const string StorageName = "PubSubStore";

    private readonly IPersistentState<PubSubState> _state;

    public StreamPubSubGrain([PersistentState("pubsub", StorageName)] IPersistentState<PubSubState> state)
    {
        _state = state;
    }

    public async Task Subscribe(StreamSubscription subscription)
    {
        if (_state.State.Subscriptions.Any(s => s.SubscriptionId == subscription.SubscriptionId))
        {
            return;
        }

        _state.State.Subscriptions.Add(subscription);
        await _state.WriteStateAsync();
    }

    public async Task Unsubscribe(Guid subscriptionId)
    {
        if (_state.State.Subscriptions.RemoveAll(s => s.SubscriptionId == subscriptionId) > 0)
        {
            await _state.WriteStateAsync();
        }
    }

    public Task<List<StreamSubscription>> GetSubscriptions(string grainType, string grainKey) =>
        Task.FromResult(_state.State.Subscriptions.Where(s => s.GrainType == grainType && s.GrainKey == grainKey).ToList());

    public async Task Publish(byte[] item)
    {
        var sink = ((GrainFactory)GrainFactory).Sink;
        var subscriptions = _state.State.Subscriptions.ToList();
        await Task.WhenAll(subscriptions.Select(s => StreamDelivery.DeliverAsync(sink, s, item)));
    }
}
