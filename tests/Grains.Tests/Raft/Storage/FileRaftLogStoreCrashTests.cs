using OrleansSync.Grains.Raft;
using OrleansSync.Grains.Raft.Storage;
using static OrleansSync.Grains.Tests.Raft.Storage.RaftLogAssert;

namespace OrleansSync.Grains.Tests.Raft.Storage;

/// <summary>
/// Crash recovery of the file WAL. A known sequence of writes is made, one record per sync, and the
/// file length after each sync gives the record boundaries. The segment is then cut (as a crash cuts
/// an unsynced write) or a byte is flipped (as a bad disk would) at every byte offset; recovery must
/// return exactly the records before the damage, or, when valid records follow the damage, refuse
/// with an error naming the file and the damaged record's offset.
/// </summary>
public sealed class FileRaftLogStoreCrashTests : IDisposable
{
    /// <summary>Segment header record: 9 bytes of framing + 16 of payload.</summary>
    private const int HeaderRecordBytes = 25;

    /// <summary>Hard state record: 9 bytes of framing + 24 of payload.</summary>
    private const int HardStateRecordBytes = 33;

    private static readonly RaftSnapshot MidSequenceSnapshot = Snapshot(3, 1);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "orleanssync-wal-crash", Guid.NewGuid().ToString("N"));
    private readonly string _source;

    /// <summary>Start offset of every record in the segment, then the file length.</summary>
    private readonly List<long> _boundaries = [];

    /// <summary>The state a recovery must return when exactly the first k records (k &gt;= 2) survive.</summary>
    private readonly Dictionary<int, PersistedRaftState> _expectedByRecordCount = [];

    private int _copies;

    public FileRaftLogStoreCrashTests()
    {
        _source = Path.Combine(_root, "source");
        WriteKnownSequence();
    }

    private string SegmentPath => Path.Combine(_source, WalSegment.FileNameFor(1));

    private int RecordCount => _boundaries.Count - 1;

    public void Dispose()
    {
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public void Recovery_SegmentCutAtEveryOffsetAfterCreation_KeepsExactlyTheWholeRecordsBeforeTheCut()
    {
        var fileLength = _boundaries[^1];
        for (var cut = _boundaries[2]; cut <= fileLength; cut++)
        {
            var survivingRecords = _boundaries.FindLastIndex(boundary => boundary <= cut);
            var (directory, state) = Recover(path => Truncate(path, cut));
            Equal(_expectedByRecordCount[survivingRecords], state);
            var offsetInRecord = cut - _boundaries[survivingRecords];
            var recordEnd = survivingRecords < RecordCount ? _boundaries[survivingRecords + 1] : cut + 1;
            if (offsetInRecord <= 1 || cut == recordEnd - 1)
            {
                // A clean cut, a cut inside the length field and one inside the CRC: each must leave a writable log.
                AssertWritableAfterRecovery(directory, state);
            }
        }
    }

    [Fact]
    public void Recovery_ByteFlippedInLastRecord_DropsOnlyThatRecord()
    {
        for (var offset = _boundaries[RecordCount - 1]; offset < _boundaries[^1]; offset++)
        {
            var flipped = offset;
            var (directory, state) = Recover(path => FileRaftLogStoreTests.FlipByte(path, flipped));
            Equal(_expectedByRecordCount[RecordCount - 1], state);
            if (offset == _boundaries[RecordCount - 1] || offset == _boundaries[^1] - 1)
            {
                AssertWritableAfterRecovery(directory, state);
            }
        }
    }

    [Fact]
    public void Recovery_ByteFlippedInAnyEarlierRecord_ThrowsNamingFileAndRecordOffset()
    {
        for (var record = 0; record < RecordCount - 1; record++)
        {
            for (var offset = _boundaries[record]; offset < _boundaries[record + 1]; offset++)
            {
                var flipped = offset;
                var copy = CopySource();
                var segment = Path.Combine(copy, WalSegment.FileNameFor(1));
                FileRaftLogStoreTests.FlipByte(segment, flipped);
                using var store = new FileRaftLogStore(copy);

                var exception = Assert.Throws<RaftStorageCorruptedException>(() => store.Load());

                Assert.Contains($"'{segment}'", exception.Message, StringComparison.Ordinal);
                Assert.Contains($"byte offset {_boundaries[record]}:", exception.Message, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Recovery_DamageInEarlierSegment_ThrowsNamingThatSegment()
    {
        var directory = Path.Combine(_root, "two-segments");
        using (var store = new FileRaftLogStore(directory, new FileRaftLogStoreOptions { SegmentSizeBytes = 4096 }))
        {
            store.Load();
            for (ulong batch = 0; batch < 20; batch++)
            {
                store.Append(Entries((batch * 10) + 1, (batch * 10) + 10, 1));
                store.Sync();
            }
        }

        var first = Path.Combine(directory, WalSegment.FileNameFor(1));
        var firstLength = new FileInfo(first).Length;
        Assert.True(File.Exists(Path.Combine(directory, WalSegment.FileNameFor(2))));
        var pristine = File.ReadAllBytes(first);
        for (var offset = 0L; offset < firstLength; offset += 23)
        {
            FileRaftLogStoreTests.FlipByte(first, offset);
            AssertCorruptionNames(directory, first);
            File.WriteAllBytes(first, pristine);
        }

        foreach (var cut in new[] { 0L, 1, HeaderRecordBytes, firstLength / 2, firstLength - 1 })
        {
            Truncate(first, cut);
            AssertCorruptionNames(directory, first);
            File.WriteAllBytes(first, pristine);
        }
    }

    private static void AssertCorruptionNames(string directory, string segment)
    {
        using var store = new FileRaftLogStore(directory, new FileRaftLogStoreOptions { SegmentSizeBytes = 4096 });
        var exception = Assert.Throws<RaftStorageCorruptedException>(() => store.Load());
        Assert.Contains(segment, exception.Message, StringComparison.Ordinal);
    }

    /// <summary>Writes the sequence, one record per sync, recording boundaries and the expected state after each record.</summary>
    private void WriteKnownSequence()
    {
        Action<IRaftLogStore>[] operations =
        [
            store => store.Append([Entry(1, 1)]),
            store => store.Append([Entry(2, 1, LogEntryKind.Configuration)]),
            store => store.SaveHardState(new HardState(1, 1, 1)),
            store => store.Append([Entry(3, 1)]),
            store => store.Append([Entry(4, 1)]),
            store => store.Append([Entry(5, 1)]),
            store => store.SaveHardState(new HardState(2, 2, 4)),
            store => store.Append([Entry(5, 2, LogEntryKind.NoOp)]),
            store => store.SaveSnapshot(MidSequenceSnapshot),
            store => store.Append([Entry(6, 2)]),
            store => store.SaveHardState(new HardState(3, 0, 5)),
            store => store.Append([Entry(7, 3)]),
        ];
        using var file = new FileRaftLogStore(_source);
        using var mirror = new MemoryRaftLogStore();
        file.Load();
        mirror.Load();
        _boundaries.AddRange([0, HeaderRecordBytes, HeaderRecordBytes + HardStateRecordBytes]);
        Assert.Equal(_boundaries[^1], new FileInfo(SegmentPath).Length);
        _expectedByRecordCount[2] = WithSnapshotFile(mirror.SyncedState, snapshotRecordWritten: false);
        var snapshotWritten = false;
        foreach (var operation in operations)
        {
            operation(file);
            operation(mirror);
            file.Sync();
            mirror.Sync();
            snapshotWritten |= mirror.SyncedState.Snapshot is not null;
            _boundaries.Add(new FileInfo(SegmentPath).Length);
            _expectedByRecordCount[_boundaries.Count - 1] = WithSnapshotFile(mirror.SyncedState, snapshotWritten);
        }
    }

    /// <summary>
    /// The snapshot file is durable from the moment SaveSnapshot returns, so a recovery that lost
    /// the WAL records after (and including) its marker still finds it and applies it.
    /// </summary>
    private static PersistedRaftState WithSnapshotFile(PersistedRaftState synced, bool snapshotRecordWritten)
    {
        if (snapshotRecordWritten)
        {
            return synced;
        }

        using var store = new MemoryRaftLogStore(synced);
        store.Load();
        store.SaveSnapshot(MidSequenceSnapshot);
        store.Sync();
        return store.SyncedState;
    }

    private (string Directory, PersistedRaftState State) Recover(Action<string> damageSegment)
    {
        var copy = CopySource();
        damageSegment(Path.Combine(copy, WalSegment.FileNameFor(1)));
        using var store = new FileRaftLogStore(copy);
        return (copy, store.Load());
    }

    /// <summary>A recovered store must accept new writes that survive the next recovery (the torn bytes are gone).</summary>
    private static void AssertWritableAfterRecovery(string directory, PersistedRaftState recovered)
    {
        var next = recovered.Entries.Count > 0 ? recovered.Entries[^1].Index + 1 : (recovered.Snapshot?.Index ?? 0) + 1;
        var entry = Entry(next, 9);
        using (var store = new FileRaftLogStore(directory))
        {
            store.Load();
            store.Append([entry]);
            store.Sync();
        }

        using var reopened = new FileRaftLogStore(directory);
        EntriesEqual([.. recovered.Entries, entry], reopened.Load().Entries);
    }

    private string CopySource()
    {
        var copy = Path.Combine(_root, $"copy{_copies++}");
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.EnumerateFiles(_source).Where(path => Path.GetFileName(path) != "LOCK"))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        return copy;
    }

    private static void Truncate(string path, long length)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
        stream.SetLength(length);
    }
}
