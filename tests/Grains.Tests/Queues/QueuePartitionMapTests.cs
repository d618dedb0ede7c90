using OrleansSync.Grains.Hashing;
using OrleansSync.Grains.Queues;

namespace OrleansSync.Grains.Tests.Queues;

public sealed class QueuePartitionMapTests
{
    private static readonly (string Queue, int Partition)[] Partitions =
        [.. Enumerable.Range(0, 1_000).SelectMany(q => Enumerable.Range(0, 8).Select(p => ($"queue-{q}", p)))];

    [Fact]
    public void GroupOf_Deterministic_AcrossInstances()
    {
        var first = new QueuePartitionMap(8);
        var second = new QueuePartitionMap(8);

        Assert.All(Partitions, p => Assert.Equal(first.GroupOf(p.Queue, p.Partition), second.GroupOf(p.Queue, p.Partition)));

        Assert.Equal(DeterministicHash.Hash("orders/0"), DeterministicHash.Hash(QueuePartitionMap.PartitionName("orders", 0)));
        Assert.NotEqual(DeterministicHash.Hash("orders/0"), DeterministicHash.Hash("orders/1"));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(16)]
    public void GroupOf_Balanced_WithinAFifthOfTheMean(int groups)
    {
        var map = new QueuePartitionMap(groups);

        var counts = Partitions.GroupBy(p => map.GroupOf(p.Queue, p.Partition)).ToDictionary(g => g.Key, g => g.Count());

        var mean = (double)Partitions.Length / groups;
        Assert.Equal(groups, counts.Count);
        Assert.All(counts.Values, count => Assert.InRange(count, mean * 0.8, mean * 1.2));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(8)]
    public void AddingAGroup_MovesAboutOneOverGPlusOne_AllToTheNewGroup(int groups)
    {
        var before = new QueuePartitionMap(groups);
        var after = new QueuePartitionMap(groups + 1);

        var moved = Partitions.Where(p => before.GroupOf(p.Queue, p.Partition) != after.GroupOf(p.Queue, p.Partition)).ToList();

        Assert.All(moved, p => Assert.Equal(groups, after.GroupOf(p.Queue, p.Partition)));
        var expected = (double)Partitions.Length / (groups + 1);
        Assert.InRange(moved.Count, expected * 0.7, expected * 1.3);
    }

    [Fact]
    public void RemovingTheLastGroup_MovesOnlyItsPartitions()
    {
        var before = new QueuePartitionMap(5);
        var after = new QueuePartitionMap(4);

        Assert.All(
            Partitions.Where(p => before.GroupOf(p.Queue, p.Partition) != 4),
            p => Assert.Equal(before.GroupOf(p.Queue, p.Partition), after.GroupOf(p.Queue, p.Partition)));
    }

    [Fact]
    public void PartitionOf_KeyThenDedupIdThenRoundRobin()
    {
        Assert.Equal(QueuePartitionMap.PartitionOf("key", null, 8, 0), QueuePartitionMap.PartitionOf("key", "other", 8, 5));
        Assert.Equal(QueuePartitionMap.PartitionOf(null, "dedup", 8, 0), QueuePartitionMap.PartitionOf(null, "dedup", 8, 3));
        Assert.Equal([0, 1, 2, 0], Enumerable.Range(0, 4).Select(i => QueuePartitionMap.PartitionOf(null, null, 3, (ulong)i)));
        Assert.All(Enumerable.Range(0, 200), i => Assert.InRange(QueuePartitionMap.PartitionOf($"k{i}", null, 8, 0), 0, 7));
    }

    [Fact]
    public void Constructor_RejectsOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new QueuePartitionMap(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new QueuePartitionMap(2, 0));
    }
}
