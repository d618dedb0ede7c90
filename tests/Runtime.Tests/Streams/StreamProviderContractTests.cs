using OrleansSync.Runtime.Streams;
using OrleansSync.Runtime.Testing;
using OrleansSync.Runtime.Tests.TestGrains;

namespace OrleansSync.Runtime.Tests.Streams;

/// <summary>
/// What every stream provider must do, durable or at-most-once. Subclasses build a cluster with
/// their provider named <see cref="ProviderName"/> on silos and client. Subscribers whose keys
/// share the part before '#' listen to the same stream.
/// </summary>
public abstract class StreamProviderContractTests
{
    protected abstract string ProviderName { get; }

    protected abstract TestCluster CreateCluster();

    /// <summary>
    /// What <paramref name="subscriber"/> has received by the time it should hold <paramref name="count"/>
    /// items (the last publish has completed): at once where OnNextAsync waits for delivery, after a
    /// bounded wait where it does not.
    /// </summary>
    protected abstract Task<List<int>> ReceivedAsync(IStreamSubscriberGrain subscriber, int count);

    [Fact]
    public async Task OnNextAsync_ReachesSubscribersOnOtherSilos_InOrder()
    {
        await using var cluster = CreateCluster();
        await cluster.DeployAsync();
        var stream = Guid.NewGuid().ToString("N");
        var subscribers = await PickSubscribersOnSeveralSilosAsync(cluster, stream, 6);
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
            Assert.Equal(Enumerable.Range(1, 25), await ReceivedAsync(subscriber, 25));
            silos.Add(await subscriber.SiloName());
        }

        Assert.True(silos.Count > 1, "all subscribers landed on one silo; the test would not cross silos");
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
        Assert.Equal([1], await ReceivedAsync(subscriber, 1));

        await subscriber.UnsubscribeAll(ProviderName);
        await producer.OnNextAsync(2);

        // A new subscription fences the check: had item 2 been delivered, it would come before 3.
        await subscriber.Subscribe(ProviderName);
        await producer.OnNextAsync(3);
        Assert.Equal([1, 3], await ReceivedAsync(subscriber, 2));
    }

    [Fact]
    public async Task GetAllSubscriptionHandles_ListsTheGrainsSubscriptions_UntilUnsubscribed()
    {
        await using var cluster = CreateCluster();
        await cluster.DeployAsync();
        var key = Guid.NewGuid().ToString("N");
        var subscriber = cluster.Client.GetGrain<IStreamSubscriberGrain>(key);
        await subscriber.Subscribe(ProviderName);
        await subscriber.Subscribe(ProviderName);
        var producer = cluster.Client.GetStreamProvider(ProviderName).GetStream<int>(StreamSubscriberGrain.StreamOf(key));

        await producer.OnNextAsync(1);

        // Two subscriptions, two deliveries of the one item; then both go.
        Assert.Equal([1, 1], await ReceivedAsync(subscriber, 2));
        await subscriber.UnsubscribeAll(ProviderName);
        await subscriber.Subscribe(ProviderName);
        await producer.OnNextAsync(2);
        Assert.Equal([1, 1, 2], await ReceivedAsync(subscriber, 3));
    }

    [Fact]
    public async Task Publish_WithoutSubscribers_Completes()
    {
        await using var cluster = CreateCluster();
        await cluster.DeployAsync();

        await cluster.Client.GetStreamProvider(ProviderName).GetStream<int>("test", Guid.NewGuid().ToString("N")).OnNextAsync(7);
    }

    /// <summary>
    /// Placement hashes over silo addresses, which differ per run (TCP ports), so a fixed set of
    /// keys can land on one silo. Keys are taken in order, skipping any that would leave every
    /// chosen subscriber on the first one's silo.
    /// </summary>
    private static async Task<List<IStreamSubscriberGrain>> PickSubscribersOnSeveralSilosAsync(TestCluster cluster, string stream, int count)
    {
        var chosen = new List<IStreamSubscriberGrain>();
        var silos = new HashSet<string>();
        for (var i = 0; i < 256 && chosen.Count < count; i++)
        {
            var candidate = cluster.Client.GetGrain<IStreamSubscriberGrain>($"{stream}#{i}");
            var silo = await candidate.SiloName();
            if (chosen.Count == count - 1 && silos.Count == 1 && silos.Contains(silo))
            {
                continue;
            }

            chosen.Add(candidate);
            silos.Add(silo);
        }

        return chosen;
    }
}
