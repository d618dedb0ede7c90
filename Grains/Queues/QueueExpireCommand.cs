namespace OrleansSync.Grains.Queues;

/// <summary>
/// Carries nothing but the leader's timestamp: applying it runs every deadline that is due (visibility
/// timeouts, delays, retention, dedup windows, long-poll timeouts) when there is no other traffic.
/// </summary>
public sealed record QueueExpireCommand : QueueCommand;
