using OrleansSync.Grains.Raft;
using OrleansSync.Grains.Raft.Storage;
using OrleansSync.Runtime.Redis;
using Xunit.Abstractions;
using static OrleansSync.Grains.Tests.Raft.Storage.RaftLogAssert;

namespace OrleansSync.Grains.Tests.Raft.Storage;

/// <summary>The log-store contract against a real redis-server; each store gets its own node key.</summary>
[Trait("Category", "Redis")]
public sealed class RedisRaftLogStoreTests : RaftLogStoreContractTests, IClassFixture<RedisLogServerFixture>
{
    private readonly RedisLogServerFixture _redis;
    private readonly Dictionary<IRaftLogStore, string> _nodeKeys = [];
    private readonly string _keyPrefix = $"test:raftlog:{Guid.NewGuid():N}:";

    public RedisRaftLogStoreTests(ITestOutputHelper output, RedisLogServerFixture redis)
        : base(output)
    {
        _redis = redis;
    }

    protected override IRaftLogStore CreateStore() => Open(Guid.NewGuid().ToString("N"));

    protected override IRaftLogStore ReopenStore(IRaftLogStore store)
    {
        store.Dispose();
        return Open(_nodeKeys[store]);
    }

    [Fact]
    public void Sync_WritesOneTransaction_AndASecondStoreSeesIt()
    {
        using var writer = (RedisRaftLogStore)Open("shared-node");
        writer.Load();
        writer.Append(Entries(1, 10, 1));
        writer.SaveHardState(new HardState(1, 2, 10));
        writer.Sync();
        writer.SaveSnapshot(Snapshot(4, 1));
        writer.Sync();

        using var reader = Open("shared-node");
        var state = reader.Load();

        Assert.Equal(2, writer.SyncCount);
        Assert.Equal(new HardState(1, 2, 10), state.HardState);
        Assert.Equal(4UL, state.Snapshot!.Index);
        EntriesEqual(Entries(5, 10, 1), state.Entries);
    }

    [Fact]
    public void Load_StoredLogWithAGap_ThrowsCorrupted()
    {
        using (var store = Open("gap-node"))
        {
            store.Load();
            store.Append(Entries(1, 3, 1));
            store.Sync();
        }

        using (var connection = new RedisBlockingConnection(Options().Redis))
        {
            RedisBlockingConnection.ThrowIfError(connection.Execute("HDEL", $"{_keyPrefix}8:gap-node:log", "2"));
        }

        using var reopened = Open("gap-node");
        Assert.Throws<RaftStorageCorruptedException>(() => reopened.Load());
    }

    private RedisRaftLogStoreOptions Options() => new()
    {
        Redis = new RedisOptions { Endpoint = _redis.Endpoint, ConnectTimeoutMs = 5_000, CommandTimeoutMs = 10_000 },
        KeyPrefix = _keyPrefix,

        // Small, so the contract tests also exercise commands split across a transaction.
        MaxEntriesPerCommand = 3,
    };

    private IRaftLogStore Open(string nodeKey)
    {
        var store = Track(new RedisRaftLogStore(Options(), nodeKey));
        _nodeKeys[store] = nodeKey;
        return store;
    }
}
