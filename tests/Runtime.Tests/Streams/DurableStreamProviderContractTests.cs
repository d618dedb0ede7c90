using OrleansSync.Runtime.Streams;
using OrleansSync.Runtime.Tests.TestGrains;

namespace OrleansSync.Runtime.Tests.Streams;

/// <summary>
/// The stronger contract of the cluster provider: OnNextAsync completes after every subscriber
/// processed the item (so <see cref="ReceivedAsync"/> asks at once), and subscriptions are stored,
/// so they outlive the subscriber's activation.
/// </summary>
public abstract class DurableStreamProviderContractTests : StreamProviderContractTests
{
    protected sealed override Task<List<int>> ReceivedAsync(IStreamSubscriberGrain subscriber, int count) => subscriber.Received();

    [Fact]
    public async Task Subscription_SurvivesTheSubscribersReactivation()
    {
        await using var cluster = CreateCluster();
        await cluster.DeployAsync();
        var key = Guid.NewGuid().ToString("N");
        var subscriber = cluster.Client.GetGrain<IStreamSubscriberGrain>(key);
        await subscriber.Subscribe(ProviderName);
        var producer = cluster.Client.GetStreamProvider(ProviderName).GetStream<int>(StreamSubscriberGrain.StreamOf(key));
        await producer.OnNextAsync(1);

        await subscriber.DeactivateSoon();
        await TestGates.Get(StreamSubscriberGrain.DeactivatedGateName(key)).Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await producer.OnNextAsync(2);

        // A new activation resumed the subscription in OnActivateAsync and got only the new item.
        Assert.Equal([2], await subscriber.Received());
    }
}
