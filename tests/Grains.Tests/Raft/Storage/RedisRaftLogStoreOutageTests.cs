using OrleansSync.Grains.Raft;
using OrleansSync.Grains.Raft.Storage;
using OrleansSync.Runtime.Redis;
using static OrleansSync.Grains.Tests.Raft.Storage.RaftLogAssert;

namespace OrleansSync.Grains.Tests.Raft.Storage;

/// <summary>Redis is killed under a Redis Raft log store: the failed Sync is reported, nothing acknowledged is lost.</summary>
[Trait("Category", "Redis")]
public sealed class RedisRaftLogStoreOutageTests : IAsyncLifetime
{
    private readonly RedisLogServerFixture _redis = new();

    public Task InitializeAsync() => _redis.InitializeAsync();

    public Task DisposeAsync() => _redis.DisposeAsync();

    [Fact]
    public async Task Sync_DuringOutage_FailsAndStopsTheStore_ReopenLoadsWhatWasSynced()
    {
        using var store = Open();
        store.Load();
        store.Append(Entries(1, 3, 1));
        store.SaveHardState(new HardState(1, 1, 3));
        store.Sync();

        await _redis.KillAsync();
        store.Append(Entries(4, 5, 1));
        Assert.Throws<RedisConnectionException>(store.Sync);
        var refused = Assert.Throws<InvalidOperationException>(() => store.Append(Entries(6, 6, 1)));
        Assert.Contains("dispose this store and open a new one", refused.Message, StringComparison.Ordinal);
        await _redis.StartAsync();

        using var reopened = Open();
        var state = reopened.Load();
        Assert.Equal(new HardState(1, 1, 3), state.HardState);
        EntriesEqual(Entries(1, 3, 1), state.Entries);
    }

    private RedisRaftLogStore Open() => new(
        new RedisRaftLogStoreOptions { Redis = new RedisOptions { Endpoint = _redis.Endpoint, ConnectTimeoutMs = 5_000, CommandTimeoutMs = 10_000 } },
        "outage-node");
}
