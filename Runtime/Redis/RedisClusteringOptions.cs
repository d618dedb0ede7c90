namespace OrleansSync.Runtime.Redis;

/// <summary>Options of <see cref="RedisMembershipTable"/>; checked by <see cref="RedisClusteringOptionsValidator"/>.</summary>
public sealed class RedisClusteringOptions
{
    public const string DefaultKeyPrefix = "orleanssync:membership:";
    public const string DefaultClusterId = "default";

    /// <summary>The Redis server and client limits.</summary>
    public RedisOptions Redis { get; set; } = new();

    /// <summary>The cluster whose membership this table holds; one Redis hash per cluster id.</summary>
    public string ClusterId { get; set; } = DefaultClusterId;

    /// <summary>Prefix of the hash key (<c>{KeyPrefix}{ClusterId}</c>).</summary>
    public string KeyPrefix { get; set; } = DefaultKeyPrefix;
}
