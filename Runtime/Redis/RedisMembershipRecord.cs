namespace OrleansSync.Runtime.Redis;

/// <summary>
/// The JSON stored in a membership row's <c>row:</c> field: the entry without its heartbeat, which
/// lives in its own field so heartbeats never rewrite (or race with) the row. Times are UTC ticks,
/// exact to the tick.
/// </summary>
internal sealed record RedisMembershipRecord(
    string Endpoint,
    long Generation,
    int Status,
    long StartTimeUtcTicks,
    IReadOnlyList<RedisSuspicionRecord> Suspicions,
    string? GatewayEndpoint);
