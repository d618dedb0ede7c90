using Microsoft.Extensions.Options;
using OrleansSync.Grains.Raft;
using OrleansSync.Grains.Raft.Storage;
using Xunit.Abstractions;
using static OrleansSync.Grains.Tests.Raft.Storage.RaftLogAssert;

namespace OrleansSync.Grains.Tests.Raft.Storage;

public sealed class FileRaftLogStoreTests : RaftLogStoreContractTests
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "orleanssync-wal-tests", Guid.NewGuid().ToString("N"));
    private readonly Dictionary<IRaftLogStore, string> _directories = [];
    private int _next;

    public FileRaftLogStoreTests(ITestOutputHelper output)
        : base(output)
    {
    }

    /// <summary>Small segments so that the contract tests also exercise rotation and compaction.</summary>
    private static FileRaftLogStoreOptions SmallSegments => new() { SegmentSizeBytes = 4096, WriteBufferSizeBytes = 4096 };

    public override void Dispose()
    {
        base.Dispose();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    protected override IRaftLogStore CreateStore() => Open(Path.Combine(_root, $"store{_next++}"));

    protected override IRaftLogStore ReopenStore(IRaftLogStore store)
    {
        store.Dispose();
        return Open(_directories[store]);
    }

    [Fact]
    public void Sync_PastSegmentSize_StartsNewSegmentsAndSnapshotDeletesCoveredOnes()
    {
        Loaded(out var store);
        var fileStore = (FileRaftLogStore)store;
        for (ulong batch = 0; batch < 20; batch++)
        {
            store.Append([.. Enumerable.Range(1, 10).Select(i => new LogEntry((batch * 10) + (ulong)i, 1, LogEntryKind.Command, new byte[100]))]);
            store.Sync();
        }

        var segmentsBefore = fileStore.SegmentPaths;
        Assert.True(segmentsBefore.Count >= 4, $"expected several segments, got {segmentsBefore.Count}");

        store.SaveSnapshot(Snapshot(150, 1));
        store.Sync();

        var segmentsAfter = fileStore.SegmentPaths;
        Assert.True(segmentsAfter.Count < segmentsBefore.Count, $"compaction kept {segmentsAfter.Count} of {segmentsBefore.Count} segments");
        Assert.All(segmentsBefore.Except(segmentsAfter), path => Assert.False(File.Exists(path)));
        var state = Reopened(ref store);
        SnapshotEqual(Snapshot(150, 1), state.Snapshot);
        Assert.Equal(Enumerable.Range(151, 50).Select(i => (ulong)i), state.Entries.Select(entry => entry.Index));
    }

    [Fact]
    public void SaveSnapshot_AtEveryIndexAcrossSegmentBoundaries_KeepsExactlyTheUncoveredEntries()
    {
        Loaded(out var store);
        for (ulong batch = 0; batch < 12; batch++)
        {
            store.Append([.. Enumerable.Range(1, 10).Select(i => new LogEntry((batch * 10) + (ulong)i, 1, LogEntryKind.Command, new byte[100]))]);
            store.Sync();
        }

        for (ulong snapshotIndex = 30; snapshotIndex <= 120; snapshotIndex++)
        {
            store.SaveSnapshot(Snapshot(snapshotIndex, 1));
            store.Sync();
            var state = Reopened(ref store);
            Assert.Equal(snapshotIndex, state.Snapshot!.Index);
            Assert.Equal(Enumerable.Range((int)snapshotIndex + 1, 120 - (int)snapshotIndex).Select(i => (ulong)i), state.Entries.Select(entry => entry.Index));
        }

        Assert.Single(((FileRaftLogStore)store).SegmentPaths);
    }

    [Fact]
    public void Load_CrashAfterSealBeforeNextSegment_StartsNewSegmentAndKeepsLog()
    {
        Loaded(out var store);
        var entries = new List<LogEntry>();
        ulong index = 0;
        while (((FileRaftLogStore)store).SegmentPaths.Count < 2)
        {
            var entry = new LogEntry(++index, 1, LogEntryKind.Command, new byte[300]);
            entries.Add(entry);
            store.Append([entry]);
            store.Sync();
        }

        var newest = ((FileRaftLogStore)store).SegmentPaths[^1];
        store.Dispose();
        File.Delete(newest);

        var state = Reopened(ref store);
        EntriesEqual(entries, state.Entries);
        var next = new LogEntry(index + 1, 2, LogEntryKind.Command, new byte[3]);
        store.Append([next]);
        store.Sync();
        EntriesEqual([.. entries, next], Reopened(ref store).Entries);
    }

    [Fact]
    public void Append_EntryAboveMaxSize_ThrowsAndWritesNothing()
    {
        var directory = Path.Combine(_root, "limits");
        using var store = new FileRaftLogStore(directory, new FileRaftLogStoreOptions { MaxEntrySizeBytes = 100 });
        store.Load();
        var exception = Assert.Throws<ArgumentException>(() => store.Append([Entry(1, 1), new LogEntry(2, 1, LogEntryKind.Command, new byte[101])]));
        Assert.Contains("MaxEntrySizeBytes", exception.Message, StringComparison.Ordinal);
        store.Append([Entry(1, 1)]);
        store.Sync();
        Assert.Equal(1, store.SyncCount);
    }

    [Fact]
    public void Load_SecondStoreOnOpenDirectory_Throws()
    {
        Loaded(out var store);
        var second = new FileRaftLogStore(_directories[store]);
        Assert.Throws<IOException>(() => second.Load());
        second.Dispose();
    }

    [Fact]
    public void Load_SnapshotFileCorrupted_ThrowsNamingFile()
    {
        Loaded(out var store);
        store.SaveSnapshot(Snapshot(3, 1));
        store.Sync();
        store.Dispose();
        var path = Path.Combine(_directories[store], SnapshotFile.FileName);
        FlipByte(path, 30);

        var exception = Assert.Throws<RaftStorageCorruptedException>(() => Open(_directories[store]).Load());
        Assert.Contains(path, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SnapshotFileMissingButReferenced_Throws()
    {
        Loaded(out var store);
        store.SaveSnapshot(Snapshot(3, 1));
        store.Sync();
        store.Dispose();
        File.Delete(Path.Combine(_directories[store], SnapshotFile.FileName));

        var exception = Assert.Throws<RaftStorageCorruptedException>(() => Open(_directories[store]).Load());
        Assert.Contains("snapshot at index 3", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MiddleSegmentMissing_Throws()
    {
        Loaded(out var store);
        for (ulong i = 1; i <= 100; i++)
        {
            store.Append([new LogEntry(i, 1, LogEntryKind.Command, new byte[200])]);
            store.Sync();
        }

        var segments = ((FileRaftLogStore)store).SegmentPaths;
        store.Dispose();
        File.Delete(segments[1]);

        var exception = Assert.Throws<RaftStorageCorruptedException>(() => Open(_directories[store]).Load());
        Assert.Contains("is missing", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SnapshotSavedButWalNotSynced_AppliesSnapshotToSyncedLog()
    {
        Loaded(out var store);
        store.Append(Entries(1, 8, 1));
        store.Sync();
        store.Append(Entries(9, 9, 1));
        store.SaveSnapshot(Snapshot(5, 1));

        var state = Reopened(ref store);

        SnapshotEqual(Snapshot(5, 1), state.Snapshot);
        EntriesEqual(Entries(6, 8, 1), state.Entries);
    }

    [Fact]
    public void Load_LeftoverTemporarySnapshot_IsIgnoredAndDeleted()
    {
        Loaded(out var store);
        store.Append(Entries(1, 2, 1));
        store.Sync();
        store.Dispose();
        var temporary = Path.Combine(_directories[store], SnapshotFile.TemporaryFileName);
        File.WriteAllBytes(temporary, [1, 2, 3]);

        var reopened = Track(Open(_directories[store]));
        var state = reopened.Load();

        EntriesEqual(Entries(1, 2, 1), state.Entries);
        Assert.Null(state.Snapshot);
        Assert.False(File.Exists(temporary));
    }

    [Fact]
    public void Validator_RejectsOutOfRangeOptions()
    {
        var options = new FileRaftLogStoreOptions { SegmentSizeBytes = 10, MaxEntrySizeBytes = 0, WriteBufferSizeBytes = 1, MaxSnapshotSizeBytes = 1 };
        var result = new FileRaftLogStoreOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal(4, result.Failures!.Count());
        Assert.Throws<OptionsValidationException>(() => new FileRaftLogStore(_root, options));
    }

    [Fact]
    public void Crc32C_MatchesStandardCheckValue()
    {
        // The CRC-32C check value: CRC of the ASCII digits "123456789" (RFC 3720, appendix B.4).
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
        Assert.Equal(0x00000000u, Crc32C.Compute([]));
        Assert.NotEqual(0u, Crc32C.Compute(new byte[32]));
    }

    internal static void FlipByte(string path, long offset)
    {
        var bytes = File.ReadAllBytes(path);
        bytes[offset] ^= 0x5A;
        File.WriteAllBytes(path, bytes);
    }

    private FileRaftLogStore Open(string directory)
    {
        var store = new FileRaftLogStore(directory, SmallSegments);
        _directories[store] = directory;
        return store;
    }
}
