using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansSync.Runtime.Client;
using OrleansSync.Runtime.Hosting;
using OrleansSync.Runtime.Silo;
using OrleansSync.Runtime.Testing;
using OrleansSync.Runtime.Tests.Membership;
using OrleansSync.Runtime.Tests.TestGrains;

namespace OrleansSync.Runtime.Tests.Activation;

public sealed class IdleCollectionTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task IdleActivation_IsCollectedOnlyAfterTheCollectionAge()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddOrleansSyncSilo(silo => silo
            .UseLocalhostClustering()
            .AddMemoryGrainStorage(TestCluster.SharedStorageName)
            .Configure(o =>
            {
                o.CollectionAgeMs = 1000;
                o.CollectionQuantumMs = 60_000;
            }));
        builder.Services.AddOrleansSyncClient(client => client.UseLocalhostClustering());
        using var host = builder.Build();
        await host.StartAsync();
        var silo = host.Services.GetRequiredService<SiloHost>();
        var key = "collect-" + Guid.NewGuid().ToString("N");
        await host.Services.GetRequiredService<IClusterClient>().GetGrain<ICounterGrain>(key).Increment();

        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(0, silo.CollectIdleNow());

        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, silo.CollectIdleNow());
        await TestGates.Get(CounterGrain.DeactivatedGateName(key)).Entered.Task.WaitAsync(Bound);

        await host.StopAsync();
    }
}
