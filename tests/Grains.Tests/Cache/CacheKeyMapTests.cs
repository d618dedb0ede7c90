using OrleansSync.Grains.Cache;

using OrleansSync.Grains.Hashing;

namespace OrleansSync.Grains.Tests.Cache;

public sealed class CacheKeyMapTests
{
    [Fact]
    public void Keys_SpreadEvenlyOverGroups()
    {
        var map = new CacheKeyMap([0, 1, 2, 3, 4, 5, 6, 7]);
        var counts = new int[8];
        for (var i = 0; i < 80_000; i++)
        {
            counts[map.GroupOf($"user:{i}")]++;
        }

        // 128 virtual nodes per group keep every group within ±25% of the mean (10,000).
        Assert.All(counts, c => Assert.InRange(c, 7_500, 12_500));
    }

    [Fact]
    public void AddingAGroup_MovesOnlyKeysToTheNewGroup_AboutOneInGroupCount()
    {
        var before = new CacheKeyMap([0, 1, 2, 3]);
        var after = new CacheKeyMap([0, 1, 2, 3, 4]);
        var moved = 0;
        for (var i = 0; i < 50_000; i++)
        {
            var key = $"k{i}";
            if (before.GroupOf(key) != after.GroupOf(key))
            {
                Assert.Equal(4, after.GroupOf(key));
                moved++;
            }
        }

        Assert.InRange(moved, 50_000 / 5 * 3 / 4, 50_000 / 5 * 5 / 4);
    }

    [Fact]
    public void TheMap_IsAFunctionOfTheGroupIds_NotTheirOrder()
    {
        var first = new CacheKeyMap([3, 1, 2]);
        var second = new CacheKeyMap([1, 2, 3]);

        Assert.All(Enumerable.Range(0, 1_000).Select(i => $"x{i}"), key => Assert.Equal(first.GroupOf(key), second.GroupOf(key)));
        Assert.Equal([1, 2, 3], first.Groups);
    }

    [Fact]
    public void Hash_IsStable()
    {
        // Pinned so that every process and version agrees on placement.
        Assert.Equal(14326212944499332778UL, DeterministicHash.Hash("orders/42"));
        Assert.NotEqual(DeterministicHash.Hash("a"), DeterministicHash.Hash("b"));
        Assert.Equal(7, new CacheKeyMap([7]).GroupOf("anything"));
    }

    [Fact]
    public void BadArguments_AreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CacheKeyMap([]));
        Assert.Throws<ArgumentException>(() => new CacheKeyMap([1, 1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CacheKeyMap([1], virtualNodesPerGroup: 0));
    }
}
