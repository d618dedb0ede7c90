using OrleansSync.Grains.Raft;
using Xunit.Abstractions;
using static OrleansSync.Grains.Tests.Raft.Storage.RaftLogAssert;

namespace OrleansSync.Grains.Tests.Raft.Storage;

/// <summary>
/// The behaviour every <see cref="IRaftLogStore"/> must have. Each implementation subclasses this
/// and says how to create a store and how to reopen one over the same durable data (a restart).
/// </summary>
public abstract class RaftLogStoreContractTests : IDisposable
{
    private readonly List<IRaftLogStore> _stores = [];

    protected RaftLogStoreContractTests(ITestOutputHelper output)
    {
        Output = output;
    }

    protected ITestOutputHelper Output { get; }

    /// <summary>A new, empty, not yet loaded store.</summary>
    protected abstract IRaftLogStore CreateStore();

    /// <summary>Disposes <paramref name="store"/> (dropping unsynced writes) and returns a new, not yet loaded store over its durable data.</summary>
    protected abstract IRaftLogStore ReopenStore(IRaftLogStore store);

    public virtual void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    [Fact]
    public void Load_NewStore_ReturnsEmptyState()
    {
        var state = Loaded(out _);
        Equal(PersistedRaftState.Empty, state);
    }

    [Fact]
    public void Load_CalledTwice_Throws()
    {
        Loaded(out var store);
        Assert.Throws<InvalidOperationException>(() => store.Load());
    }

    [Fact]
    public void Append_BeforeLoad_Throws()
    {
        var store = Track(CreateStore());
        Assert.Throws<InvalidOperationException>(() => store.Append(Entries(1, 1, 1)));
    }

    [Fact]
    public void Append_SyncThenReopen_ReturnsEntries()
    {
        Loaded(out var store);
        LogEntry[] entries = [Entry(1, 1, LogEntryKind.NoOp), Entry(2, 1), Entry(3, 2, LogEntryKind.Configuration)];
        store.Append(entries);
        store.Sync();

        var state = Reopened(ref store);

        EntriesEqual(entries, state.Entries);
    }

    [Fact]
    public void Append_WithoutSync_IsLostOnReopen()
    {
        Loaded(out var store);
        store.Append(Entries(1, 2, 1));
        store.SaveHardState(new HardState(1, 1, 1));
        store.Sync();
        store.Append(Entries(3, 4, 1));
        store.SaveHardState(new HardState(2, 0, 2));

        var state = Reopened(ref store);

        EntriesEqual(Entries(1, 2, 1), state.Entries);
        Assert.Equal(new HardState(1, 1, 1), state.HardState);
    }

    [Fact]
    public void Append_ConflictingSuffix_ReplacesFromFirstIndexAndSurvivesReopen()
    {
        Loaded(out var store);
        store.Append(Entries(1, 6, 1));
        store.Sync();
        store.Append(Entries(4, 5, 2));
        store.Sync();

        var state = Reopened(ref store);

        EntriesEqual([.. Entries(1, 3, 1), .. Entries(4, 5, 2)], state.Entries);
    }

    [Fact]
    public void Append_TruncateThenExtendAcrossReopens_KeepsLatest()
    {
        Loaded(out var store);
        store.Append(Entries(1, 5, 1));
        store.Sync();
        _ = Reopened(ref store);
        store.Append(Entries(2, 3, 2));
        store.Append(Entries(4, 4, 2));
        store.Sync();
        _ = Reopened(ref store);
        store.Append(Entries(5, 7, 3));
        store.Sync();

        var state = Reopened(ref store);

        EntriesEqual([Entry(1, 1), .. Entries(2, 4, 2), .. Entries(5, 7, 3)], state.Entries);
    }

    [Fact]
    public void Append_EmptyBatch_ChangesNothing()
    {
        Loaded(out var store);
        store.Append(Entries(1, 2, 1));
        store.Append([]);
        store.Sync();

        EntriesEqual(Entries(1, 2, 1), Reopened(ref store).Entries);
    }

    [Fact]
    public void Append_NonContiguousBatch_Throws()
    {
        Loaded(out var store);
        var exception = Assert.Throws<ArgumentException>(() => store.Append([Entry(1, 1), Entry(3, 1)]));
        Assert.Contains("not contiguous", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Append_GapAfterLastIndex_Throws()
    {
        Loaded(out var store);
        store.Append(Entries(1, 2, 1));
        var exception = Assert.Throws<ArgumentException>(() => store.Append(Entries(4, 4, 1)));
        Assert.Contains("next index is 3", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Append_TermBelowPreviousEntry_Throws()
    {
        Loaded(out var store);
        store.Append(Entries(1, 2, 3));
        Assert.Throws<ArgumentException>(() => store.Append(Entries(3, 3, 2)));
        Assert.Throws<ArgumentException>(() => store.Append([Entry(3, 3), Entry(4, 2)]));
    }

    [Fact]
    public void Append_TermZeroOrNull_Throws()
    {
        Loaded(out var store);
        Assert.Throws<ArgumentException>(() => store.Append([Entry(1, 0)]));
        Assert.Throws<ArgumentNullException>(() => store.Append(null!));
    }

    [Fact]
    public void Append_RejectedBatch_LeavesStoreUnchanged()
    {
        Loaded(out var store);
        store.Append(Entries(1, 3, 1));
        Assert.Throws<ArgumentException>(() => store.Append([Entry(2, 2), Entry(4, 2)]));
        store.Sync();

        EntriesEqual(Entries(1, 3, 1), Reopened(ref store).Entries);
    }

    [Fact]
    public void SaveHardState_LatestWinsAfterReopen()
    {
        Loaded(out var store);
        store.SaveHardState(new HardState(1, 2, 0));
        store.SaveHardState(new HardState(3, 0, 5));
        store.Sync();
        store.SaveHardState(new HardState(4, 1, 6));
        store.Sync();

        Assert.Equal(new HardState(4, 1, 6), Reopened(ref store).HardState);
    }

    [Fact]
    public void SaveSnapshot_MatchingTerm_DiscardsCoveredEntriesAndKeepsSuffix()
    {
        Loaded(out var store);
        store.Append(Entries(1, 10, 2));
        store.SaveSnapshot(Snapshot(6, 2));
        store.Sync();

        var state = Reopened(ref store);

        SnapshotEqual(Snapshot(6, 2), state.Snapshot);
        EntriesEqual(Entries(7, 10, 2), state.Entries);
    }

    [Fact]
    public void SaveSnapshot_TermMismatch_DiscardsEveryEntry()
    {
        Loaded(out var store);
        store.Append(Entries(1, 10, 1));
        store.Sync();
        store.SaveSnapshot(Snapshot(6, 3));
        store.Sync();

        var state = Reopened(ref store);

        SnapshotEqual(Snapshot(6, 3), state.Snapshot);
        Assert.Empty(state.Entries);
    }

    [Fact]
    public void SaveSnapshot_BeyondLastIndex_LogRestartsAfterSnapshot()
    {
        Loaded(out var store);
        store.Append(Entries(1, 3, 1));
        store.SaveSnapshot(Snapshot(20, 4));
        store.Append(Entries(21, 22, 4));
        store.Sync();

        var state = Reopened(ref store);

        SnapshotEqual(Snapshot(20, 4), state.Snapshot);
        EntriesEqual(Entries(21, 22, 4), state.Entries);
    }

    [Fact]
    public void SaveSnapshot_ThenAppendAtOrBelowSnapshotIndex_Throws()
    {
        Loaded(out var store);
        store.Append(Entries(1, 5, 1));
        store.SaveSnapshot(Snapshot(4, 1));
        var exception = Assert.Throws<ArgumentException>(() => store.Append(Entries(4, 6, 1)));
        Assert.Contains("covered by the snapshot", exception.Message, StringComparison.Ordinal);
        store.Append(Entries(5, 6, 2));
        store.Sync();

        EntriesEqual(Entries(5, 6, 2), Reopened(ref store).Entries);
    }

    [Fact]
    public void SaveSnapshot_OlderThanStored_Throws()
    {
        Loaded(out var store);
        store.SaveSnapshot(Snapshot(10, 2));
        Assert.Throws<ArgumentException>(() => store.SaveSnapshot(Snapshot(9, 2)));
        Assert.Throws<ArgumentException>(() => store.SaveSnapshot(Snapshot(0, 0)));
    }

    [Fact]
    public void SaveSnapshot_Repeatedly_KeepsLatestAndItsSuffix()
    {
        Loaded(out var store);
        for (ulong round = 1; round <= 5; round++)
        {
            store.Append(Entries(((round - 1) * 10) + 1, round * 10, round));
            store.SaveSnapshot(Snapshot((round * 10) - 3, round));
            store.Sync();
        }

        var state = Reopened(ref store);

        SnapshotEqual(Snapshot(47, 5), state.Snapshot);
        EntriesEqual(Entries(48, 50, 5), state.Entries);
    }

    [Fact]
    public void Append_LargeBatch_RoundTrips()
    {
        Loaded(out var store);
        var random = new Random(7);
        var entries = Enumerable.Range(1, 5000)
            .Select(i => new LogEntry((ulong)i, 1 + ((ulong)i / 1000), LogEntryKind.Command, RandomBytes(random, random.Next(0, 600))))
            .ToArray();
        store.Append(entries);
        store.SaveHardState(new HardState(6, 1, 4000));
        store.Sync();

        var state = Reopened(ref store);

        EntriesEqual(entries, state.Entries);
        Assert.Equal(new HardState(6, 1, 4000), state.HardState);
    }

    [Fact]
    public void RandomOperations_MatchModelAfterEveryReopen()
    {
        var seed = TestSeed.Next(Output);
        var random = new Random(seed);
        var model = new LogModel();
        Loaded(out var store);
        for (var round = 0; round < 40; round++)
        {
            for (var step = random.Next(1, 6); step > 0; step--)
            {
                model.ApplyRandomOperation(store, random, allowSnapshot: true);
            }

            store.Sync();
            model.MarkSynced();
            if (random.Next(3) == 0)
            {
                model.ApplyRandomOperation(store, random, allowSnapshot: false);
                model.DiscardUnsynced();
                var state = Reopened(ref store);
                Equal(model.Synced, state);
            }
        }

        Equal(model.Synced, Reopened(ref store));
    }

    protected static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    protected PersistedRaftState Loaded(out IRaftLogStore store)
    {
        store = Track(CreateStore());
        return store.Load();
    }

    protected PersistedRaftState Reopened(ref IRaftLogStore store)
    {
        store = Track(ReopenStore(store));
        return store.Load();
    }

    protected IRaftLogStore Track(IRaftLogStore store)
    {
        _stores.Add(store);
        return store;
    }
}
