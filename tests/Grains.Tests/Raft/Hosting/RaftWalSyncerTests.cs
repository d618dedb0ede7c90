using OrleansSync.Grains.Raft;
using OrleansSync.Grains.Raft.Hosting;
using OrleansSync.Grains.Raft.Storage;

namespace OrleansSync.Grains.Tests.Raft.Hosting;

/// <summary>The silo's WAL sync threads: a sync runs off the caller, on a store that really syncs, and failures reach the caller.</summary>
public sealed class RaftWalSyncerTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "orleanssync-walsyncer-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task SyncAsync_RunsTheStoresSyncOnASyncThread_AndTheWritesAreDurable()
    {
        using var syncer = new RaftWalSyncer(threads: 2);
        using (var store = new FileRaftLogStore(_directory))
        {
            store.Load();
            store.Append([new LogEntry(1, 1, LogEntryKind.Command, new byte[] { 42 })]);
            store.SaveHardState(new HardState(1, 1, 1));
            var recording = new RecordingStore(store);
            await syncer.SyncAsync(recording).WaitAsync(Timeout);
            Assert.StartsWith("raft-wal-sync-", recording.SyncThreadName);
            Assert.Equal(1, store.SyncCount);
        }

        // Closing drops unsynced writes, as a crash would: what comes back was synced by the syncer.
        using var reopened = new FileRaftLogStore(_directory);
        var persisted = reopened.Load();
        Assert.Equal(new byte[] { 42 }, Assert.Single(persisted.Entries).Data.ToArray());
        Assert.Equal(1UL, persisted.HardState.CommitIndex);
    }

    [Fact]
    public async Task SyncAsync_OfAFailingStore_FailsTheCallersTask()
    {
        using var syncer = new RaftWalSyncer(threads: 1);
        var failing = new RecordingStore(null);
        var exception = await Assert.ThrowsAsync<IOException>(() => syncer.SyncAsync(failing).WaitAsync(Timeout));
        Assert.Equal("disk gone", exception.Message);
    }

    [Fact]
    public async Task SyncAsync_AfterDispose_StillSyncs_OnTheCaller()
    {
        var syncer = new RaftWalSyncer(threads: 1);
        syncer.Dispose();
        using var store = new FileRaftLogStore(_directory);
        store.Load();
        store.Append([new LogEntry(1, 1, LogEntryKind.Command, new byte[] { 7 })]);
        var recording = new RecordingStore(store);
        var caller = Environment.CurrentManagedThreadId;
        var sync = syncer.SyncAsync(recording);
        Assert.True(sync.IsCompletedSuccessfully); // ran inline, before SyncAsync returned
        await sync;
        Assert.Equal(1, store.SyncCount);
        Assert.Equal(caller, recording.SyncThreadId);
    }

    /// <summary>Passes every call to <c>inner</c> and notes the thread Sync ran on; with no inner store, Sync fails.</summary>
    private sealed class RecordingStore(IRaftLogStore? inner) : IRaftLogStore
    {
        public string? SyncThreadName { get; private set; }

        public int SyncThreadId { get; private set; }

        public PersistedRaftState Load() => Inner.Load();

        public void Append(IReadOnlyList<LogEntry> entries) => Inner.Append(entries);

        public void SaveHardState(HardState hardState) => Inner.SaveHardState(hardState);

        public void SaveSnapshot(RaftSnapshot snapshot) => Inner.SaveSnapshot(snapshot);

        public void Sync()
        {
            SyncThreadName = Thread.CurrentThread.Name;
            SyncThreadId = Environment.CurrentManagedThreadId;
            Inner.Sync();
        }

        public void Dispose()
        {
        }

        private IRaftLogStore Inner => inner ?? throw new IOException("disk gone");
    }
}
