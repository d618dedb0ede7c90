using OrleansSync.Grains.Cache.Hosting;

namespace OrleansSync.Grains.Tests.Cache.Hosting;

public sealed class CacheHostingOptionsTests
{
    [Fact]
    public void Defaults_AreValid_WithOneInvalidationQueuePolledEvery5Ms()
    {
        var options = new CacheHostingOptions();

        options.Validate();

        Assert.Equal(1, options.InvalidationQueueCount);
        Assert.Equal(5, options.InvalidationPollMs);
    }

    [Theory]
    [InlineData(0, 5, nameof(CacheHostingOptions.InvalidationQueueCount))]
    [InlineData(65, 5, nameof(CacheHostingOptions.InvalidationQueueCount))]
    [InlineData(1, 0, nameof(CacheHostingOptions.InvalidationPollMs))]
    [InlineData(1, 1_001, nameof(CacheHostingOptions.InvalidationPollMs))]
    public void AnInvalidationStreamSettingOutOfRange_IsRefusedByName(int queues, int pollMs, string expectedParameter)
    {
        var options = new CacheHostingOptions { InvalidationQueueCount = queues, InvalidationPollMs = pollMs };

        var error = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);

        Assert.Equal(expectedParameter, error.ParamName);
    }
}
