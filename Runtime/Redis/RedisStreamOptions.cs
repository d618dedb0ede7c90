namespace OrleansSync.Runtime.Redis;

/// <summary>Options of a Redis stream provider (<c>AddRedisStreams</c>); checked by <see cref="RedisStreamOptionsValidator"/>.</summary>
public sealed class RedisStreamOptions
{
    public const string DefaultChannelPrefix = "orleanssync:stream:";
    public const int DefaultMaxQueuedMessagesPerChannel = 1_000;
    public const int DefaultMaxMessageBytes = 1024 * 1024;
    public const int DefaultDeliveryTimeoutMs = 30_000;

    /// <summary>The Redis server and client limits (one command connection and, on silos, one pub/sub connection per provider).</summary>
    public RedisOptions Redis { get; set; } = new();

    /// <summary>Prefix of every channel this provider publishes to, so several clusters can share a server.</summary>
    public string ChannelPrefix { get; set; } = DefaultChannelPrefix;

    /// <summary>
    /// Messages of one channel received by a silo but not yet handed to its subscriber activations.
    /// When full, further messages of that channel are dropped (counted and logged), so a slow
    /// consumer costs at most this many messages of memory per channel.
    /// </summary>
    public int MaxQueuedMessagesPerChannel { get; set; } = DefaultMaxQueuedMessagesPerChannel;

    /// <summary>
    /// Largest encoded item <c>OnNextAsync</c> publishes; larger items fail before they are sent.
    /// At most <see cref="RedisOptions.MaxBulkBytes"/>: a larger message would be a protocol error
    /// that closes every subscribing silo's pub/sub connection.
    /// </summary>
    public int MaxMessageBytes { get; set; } = DefaultMaxMessageBytes;

    /// <summary>
    /// How long a silo waits for one item's turns in its subscriber activations before it moves on to
    /// the channel's next item (the late turn still runs, after the ones queued before it).
    /// </summary>
    public int DeliveryTimeoutMs { get; set; } = DefaultDeliveryTimeoutMs;
}
