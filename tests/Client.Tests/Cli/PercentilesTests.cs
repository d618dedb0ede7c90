using OrleansSync.Client.Formatting;

namespace OrleansSync.Client.Tests.Cli;

public sealed class PercentilesTests
{
    [Fact]
    public void NearestRank_OfOneToHundred_IsTheRankItself()
    {
        var samples = Enumerable.Range(1, 100).Select(i => (double)i).ToArray();

        Assert.Equal(50, Percentiles.NearestRank(samples, 50));
        Assert.Equal(99, Percentiles.NearestRank(samples, 99));
        Assert.Equal(100, Percentiles.NearestRank(samples, 100));
        Assert.Equal(1, Percentiles.NearestRank(samples, 0));
    }

    [Fact]
    public void NearestRank_OfFewSamples_RoundsUp_AndOfNoneIsZero()
    {
        Assert.Equal(3, Percentiles.NearestRank([1, 2, 3], 99));
        Assert.Equal(2, Percentiles.NearestRank([1, 2, 3], 50));
        Assert.Equal(0, Percentiles.NearestRank([], 50));
        Assert.Throws<ArgumentOutOfRangeException>(() => Percentiles.NearestRank([1], 101));
    }
}
