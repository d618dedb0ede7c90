using OrleansSync.Runtime.Serialization;

namespace OrleansSync.Runtime.Streams;

/// <summary>A subscription as the pub-sub grain stores it: which grain receives the stream's items.</summary>
[GenerateSerializer]
internal sealed record StreamSubscription(
    [property: Id(0)] Guid SubscriptionId,
    [property: Id(1)] string GrainType,
    [property: Id(2)] string GrainKey);
