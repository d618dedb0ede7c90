namespace OrleansSync.Runtime.Redis;

/// <summary>Options of <see cref="RedisGrainStorage"/>; checked by <see cref="RedisGrainStorageOptionsValidator"/>.</summary>
public sealed class RedisGrainStorageOptions
{
    public const string DefaultKeyPrefix = "orleanssync:grainstate:";
    public const int DefaultMaxStateBytes = 16 * 1024 * 1024;

    /// <summary>The Redis server and client limits.</summary>
    public RedisOptions Redis { get; set; } = new();

    /// <summary>Prefix of every key this storage writes, so several clusters or apps can share a database.</summary>
    public string KeyPrefix { get; set; } = DefaultKeyPrefix;

    /// <summary>Largest encoded state written; must not exceed <see cref="RedisOptions.MaxBulkBytes"/>, or it could not be read back.</summary>
    public int MaxStateBytes { get; set; } = DefaultMaxStateBytes;
}
