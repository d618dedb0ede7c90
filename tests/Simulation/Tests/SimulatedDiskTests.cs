using OrleansSync.Grains.Raft;
using OrleansSync.Simulation.Storage;
using Xunit;

namespace OrleansSync.Simulation.Tests;

public sealed class SimulatedDiskTests
{
    private static LogEntry Entry(ulong index, ulong term) => new(index, term, LogEntryKind.Command, new byte[] { (byte)index, (byte)term });

    [Fact]
    public void Crash_AfterSync_KeepsEverythingSynced()
    {
        var disk = new SimulatedDisk();
        disk.Load();
        disk.Append([Entry(1, 1), Entry(2, 1)]);
        disk.SaveHardState(new HardState(1, 1, 2));
        disk.Sync();

        disk.Crash(new Random(1));
        var state = disk.Load();

        Assert.Equal([1UL, 2UL], state.Entries.Select(e => e.Index));
        Assert.Equal(new HardState(1, 1, 2), state.HardState);
    }

    [Fact]
    public void Crash_WithUnsyncedWrites_KeepsAPrefixOfThemInOrder()
    {
        // Over many seeds, every prefix length of the three unsynced writes shows up, and nothing else.
        var survivors = new HashSet<int>();
        for (var seed = 0; seed < 200; seed++)
        {
            var disk = new SimulatedDisk();
            disk.Load();
            disk.Append([Entry(1, 1)]);
            disk.Sync();
            disk.Append([Entry(2, 1)]);
            disk.Append([Entry(3, 1)]);
            disk.Append([Entry(4, 1)]);

            disk.Crash(new Random(seed));
            var entries = disk.Load().Entries;

            Assert.Equal(Enumerable.Range(1, entries.Count).Select(i => (ulong)i), entries.Select(e => e.Index));
            survivors.Add(entries.Count - 1);
        }

        Assert.Equal([0, 1, 2, 3], survivors.Order());
    }

    [Fact]
    public void Append_AtOrBelowLastIndex_ReplacesTheSuffix()
    {
        var image = new DiskImage();
        image.Append([Entry(1, 1), Entry(2, 1), Entry(3, 1)]);

        image.Append([Entry(2, 2)]);

        Assert.Equal([(1UL, 1UL), (2UL, 2UL)], image.Entries.Select(e => (e.Index, e.Term)));
    }

    [Fact]
    public void Append_WithAGap_Throws()
    {
        var image = new DiskImage();
        image.Append([Entry(1, 1)]);

        Assert.Throws<InvalidOperationException>(() => image.Append([Entry(3, 1)]));
    }

    [Fact]
    public void SaveSnapshot_MatchingTerm_KeepsTheLogAfterIt()
    {
        var image = new DiskImage();
        image.Append([Entry(1, 1), Entry(2, 1), Entry(3, 2)]);

        image.SaveSnapshot(new RaftSnapshot(2, 1, new ClusterConfiguration([1UL]), Array.Empty<byte>()));

        Assert.Equal([3UL], image.Entries.Select(e => e.Index));
        Assert.Equal(1UL, image.TermAt(2));
    }

    [Fact]
    public void SaveSnapshot_ConflictingTerm_DiscardsTheLog()
    {
        var image = new DiskImage();
        image.Append([Entry(1, 1), Entry(2, 1), Entry(3, 1)]);

        image.SaveSnapshot(new RaftSnapshot(2, 5, new ClusterConfiguration([1UL]), Array.Empty<byte>()));

        Assert.Empty(image.Entries);
        Assert.Equal(2UL, image.LastIndex);
    }

    [Fact]
    public void Write_BeforeLoad_Throws()
    {
        var disk = new SimulatedDisk();

        Assert.Throws<InvalidOperationException>(() => disk.Append([Entry(1, 1)]));
    }
}
