using OrleansSync.Runtime.Activation;

namespace OrleansSync.Runtime.Redis;

/// <summary>One local subscription to a Redis stream channel: the activation and the handler id it attached.</summary>
internal sealed record RedisStreamSubscription(GrainActivation Activation, Guid SubscriptionId);
