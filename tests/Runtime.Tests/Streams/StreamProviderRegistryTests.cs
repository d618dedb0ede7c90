using Microsoft.Extensions.DependencyInjection;
using OrleansSync.Runtime.Client;
using OrleansSync.Runtime.Streams;
using OrleansSync.Runtime.Testing;
using OrleansSync.Runtime.Tests.TestGrains;

namespace OrleansSync.Runtime.Tests.Streams;

/// <summary>Named stream providers: lookup on grains and clients, the default cluster provider, clear errors.</summary>
public sealed class StreamProviderRegistryTests
{
    [Fact]
    public async Task ClientGetStreamProvider_UnknownName_ThrowsNamingTheRegisteredOnes()
    {
        await using var cluster = new TestClusterBuilder(1).Build();
        await cluster.DeployAsync();

        var error = Assert.Throws<StreamProviderNotFoundException>(() => cluster.Client.GetStreamProvider("no-such-provider"));

        Assert.Equal("no-such-provider", error.ProviderName);
        Assert.Contains("Registered: 'cluster'.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GrainGetStreamProvider_UnknownName_FailsTheCallWithTheName()
    {
        await using var cluster = new TestClusterBuilder(1).Build();
        await cluster.DeployAsync();
        var subscriber = cluster.Client.GetGrain<IStreamSubscriberGrain>(Guid.NewGuid().ToString("N"));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => subscriber.Subscribe("no-such-provider"));

        Assert.Contains("No stream provider named 'no-such-provider'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddClusterStreams_UnderAnotherName_DeliversOnThatName()
    {
        await using var cluster = new TestClusterBuilder(2)
            .ConfigureSilo(silo => silo.AddClusterStreams("other"))
            .ConfigureClient(client => client.AddClusterStreams("other"))
            .Build();
        await cluster.DeployAsync();
        var key = Guid.NewGuid().ToString("N");
        var subscriber = cluster.Client.GetGrain<IStreamSubscriberGrain>(key);
        await subscriber.Subscribe("other");

        await cluster.Client.GetStreamProvider("other").GetStream<int>(StreamSubscriberGrain.StreamOf(key)).OnNextAsync(5);
        await cluster.Client.GetStreamProvider(ClusterStreamProvider.DefaultName).GetStream<int>(StreamSubscriberGrain.StreamOf(key)).OnNextAsync(6);

        // Streams of different providers are distinct: the item on the default provider does not arrive.
        Assert.Equal([5], await subscriber.Received());
    }

    [Fact]
    public void AddClusterStreams_SameNameTwice_FailsAtConfiguration()
    {
        var services = new ServiceCollection();

        var error = Assert.Throws<InvalidOperationException>(() =>
            services.AddOrleansSyncClient(client => client.UseLocalhostClustering().AddClusterStreams("twice").AddClusterStreams("twice")));

        Assert.Contains("'twice' is already registered", error.Message, StringComparison.Ordinal);
    }
}
