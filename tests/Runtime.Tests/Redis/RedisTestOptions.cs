using OrleansSync.Runtime.Redis;

namespace OrleansSync.Runtime.Tests.Redis;

/// <summary>Options for tests: generous command timeout (slow shared CI), fast reconnect.</summary>
internal static class RedisTestOptions
{
    /// <summary>The seed of reconnect jitter in tests; fixed so a run reproduces.</summary>
    public const int JitterSeed = 5;

    public static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(15);

    public static RedisOptions For(string endpoint, Action<RedisOptions>? configure = null)
    {
        var options = new RedisOptions
        {
            Endpoint = endpoint,
            ConnectTimeoutMs = 5_000,
            CommandTimeoutMs = 10_000,
            ReconnectInitialDelayMs = 20,
            ReconnectMaxDelayMs = 200,
        };
        configure?.Invoke(options);
        return options;
    }

    public static Task<RedisClient> ConnectAsync(string endpoint, Action<RedisOptions>? configure = null) =>
        RedisClient.ConnectAsync(For(endpoint, configure), reconnectJitter: new Random(JitterSeed));

    public static Task<RedisSubscriber> SubscribeAsync(string endpoint, Action<RedisOptions>? configure = null) =>
        RedisSubscriber.ConnectAsync(For(endpoint, configure), reconnectJitter: new Random(JitterSeed));
}
