using OrleansSync.Runtime.Redis;

namespace OrleansSync.Grains.Raft.Storage;

/// <summary>Options of <see cref="RedisRaftLogStore"/>; checked by <see cref="RedisRaftLogStoreOptionsValidator"/>.</summary>
public sealed class RedisRaftLogStoreOptions
{
    public const string DefaultKeyPrefix = "orleanssync:raftlog:";
    public const int DefaultMaxEntriesPerCommand = 512;

    /// <summary>The Redis server and client limits. Run it with <c>appendonly yes</c> and <c>appendfsync always</c>, or a synced write is not durable.</summary>
    public RedisOptions Redis { get; set; } = new();

    /// <summary>Prefix of every key the store writes (three keys per Raft node).</summary>
    public string KeyPrefix { get; set; } = DefaultKeyPrefix;

    /// <summary>Entries (or deleted entry fields) per <c>HSET</c>/<c>HDEL</c> inside one <c>Sync</c> transaction; bounds one command's size.</summary>
    public int MaxEntriesPerCommand { get; set; } = DefaultMaxEntriesPerCommand;
}
