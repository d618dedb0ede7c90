using OrleansSync.Runtime.Streams;
using OrleansSync.Runtime.Testing;
using OrleansSync.Runtime.Tests.TestGrains;

namespace OrleansSync.Runtime.Tests.Streams;

/// <summary>
/// What every stream provider must do. Subclasses build a cluster with their provider named
/// <see cref="ProviderName"/> (a name in <see cref="StreamSubscriberGrain.Providers"/>).
/// Subscribers whose keys share the part before '#' listen to the same stream.
/// </summary>
public abstract class StreamProviderContractTests
{
    protected abstract string ProviderName { get; }

    protected abstract TestCluster CreateCluster();

    [Fact]
    public async Task OnNextAsync_ReachesSubscribersOnOtherSilosInOrder_AndCompletesAfterTheyProcessed()
    {
        await using var cluster = CreateCluster();
        await cluster.DeployAsync();
        var stream = Guid.NewGuid().ToString("N");
        var subscribers = Enumerable.Range(0, 6).Select(i => cluster.Client.GetGrain<IStreamSubscriberGrain>($"{stream}#{i}")).ToList();
        foreach (var subscriber in subscribers)
        {
            await subscriber.Subscribe(ProviderName);
        }

        var producer = cluster.Client.GetStreamProvider(ProviderName).GetStream<int>(StreamSubscriberGrain.StreamOf(stream));
        for (var i = 1; i <= 25; i++)
        {
            await producer.OnNextAsync(i);
        }

        var silos = new HashSet<string>();
        foreach (var subscriber in subscribers)
        {
            Assert.Equal(Enumerable.Range(1, 25), await subscriber.Received());
            silos.Add(await subscriber.SiloName());
        }

        Assert.True(silos.Count > 1, "all subscribers landed on one silo; the test would not cross silos");
    }

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

    [Fact]
    public async Task Unsubscribe_StopsDelivery()
    {
        await using var cluster = CreateCluster();
        await cluster.DeployAsync();
        var key = Guid.NewGuid().ToString("N");
        var subscriber = cluster.Client.GetGrain<IStreamSubscriberGrain>(key);
        await subscriber.Subscribe(ProviderName);
        var producer = cluster.Client.GetStreamProvider(ProviderName).GetStream<int>(StreamSubscriberGrain.StreamOf(key));
        await producer.OnNextAsync(1);

        await subscriber.UnsubscribeAll(ProviderName);
        await producer.OnNextAsync(2);

        Assert.Equal([1], await subscriber.Received());
    }

    [Fact]
    public async Task Publish_WithoutSubscribers_Completes()
    {
        await using var cluster = CreateCluster();
        await cluster.DeployAsync();

        await cluster.Client.GetStreamProvider(ProviderName).GetStream<int>("test", Guid.NewGuid().ToString("N")).OnNextAsync(7);
    }
}
