namespace OrleansSync.Runtime.Streams;

/// <summary>The registry and fan-out point of one stream; key: <c>{provider}/{namespace}/{key}</c>.</summary>
internal interface IStreamPubSubGrain : IGrainWithStringKey
{
    Task Subscribe(StreamSubscription subscription);

    Task Unsubscribe(Guid subscriptionId);

    Task<List<StreamSubscription>> GetSubscriptions(string grainType, string grainKey);

    /// <summary>Delivers an encoded item to every subscriber and completes when all have processed it.</summary>
    Task Publish(byte[] item);
}
