using OrleansSync.Runtime.Serialization;

namespace OrleansSync.Runtime.Streams;

/// <summary>The persisted subscriber registry of one stream.</summary>
[GenerateSerializer]
internal sealed class PubSubState
{
    [Id(0)]
    public List<StreamSubscription> Subscriptions { get; set; } = [];
}
