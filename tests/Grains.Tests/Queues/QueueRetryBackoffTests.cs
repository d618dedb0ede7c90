using OrleansSync.Grains.Queues.Client;

namespace OrleansSync.Grains.Tests.Queues;

public sealed class QueueRetryBackoffTests
{
    private static readonly TimeSpan Base = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(0u, 1)]
    [InlineData(1u, 1)]
    [InlineData(2u, 2)]
    [InlineData(3u, 4)]
    [InlineData(4u, 8)]
    [InlineData(5u, 10)]
    [InlineData(1000u, 10)]
    [InlineData(uint.MaxValue, 10)]
    public void DelayFor_DoublesPerDelivery_FromTheBase_UpToTheMax(uint deliveryCount, int expectedSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), QueueRetryBackoff.DelayFor(deliveryCount, Base, Max));

    [Fact]
    public void DelayFor_AZeroBase_RetriesAtOnce() =>
        Assert.Equal(TimeSpan.Zero, QueueRetryBackoff.DelayFor(7, TimeSpan.Zero, Max));

    [Fact]
    public void DelayFor_AMaxBelowTheBase_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => QueueRetryBackoff.DelayFor(1, Max, Base));
}
