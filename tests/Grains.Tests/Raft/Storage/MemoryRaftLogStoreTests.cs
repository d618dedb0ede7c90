using OrleansSync.Grains.Raft;
using OrleansSync.Grains.Raft.Storage;
using Xunit.Abstractions;
using static OrleansSync.Grains.Tests.Raft.Storage.RaftLogAssert;

namespace OrleansSync.Grains.Tests.Raft.Storage;

public sealed class MemoryRaftLogStoreTests : RaftLogStoreContractTests
{
    public MemoryRaftLogStoreTests(ITestOutputHelper output)
        : base(output)
    {
    }

    protected override IRaftLogStore CreateStore() => new MemoryRaftLogStore();

    protected override IRaftLogStore ReopenStore(IRaftLogStore store)
    {
        var memoryStore = (MemoryRaftLogStore)store;
        var synced = memoryStore.SyncedState;
        memoryStore.Dispose();
        return new MemoryRaftLogStore(synced);
    }

    [Fact]
    public void SyncedState_HidesUnsyncedWritesUntilSync()
    {
        using var store = new MemoryRaftLogStore();
        store.Load();
        store.Append(Entries(1, 3, 1));
        store.SaveSnapshot(Snapshot(2, 1));

        Assert.Empty(store.SyncedState.Entries);
        Assert.Null(store.SyncedState.Snapshot);

        store.Sync();

        EntriesEqual(Entries(3, 3, 1), store.SyncedState.Entries);
        Assert.Equal(1, store.SyncCount);
    }

    [Fact]
    public void Constructor_InitialStateWithGap_Throws()
    {
        var state = new PersistedRaftState(HardState.Empty, Snapshot(5, 1), Entries(7, 8, 1));
        Assert.Throws<ArgumentException>(() => new MemoryRaftLogStore(state));
    }
}
