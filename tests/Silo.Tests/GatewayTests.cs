using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansSync.Grains.Interfaces.Locks;
using OrleansSync.Grains.Locks.Client;
using OrleansSync.Silo.Hosting;

namespace OrleansSync.Silo.Tests;

/// <summary>An Orleans-style client reaches the cluster through a silo's gateway port (not its silo port), as the console client does.</summary>
[Collection(EmbeddedClusterCollection.Name)]
public sealed class GatewayTests(EmbeddedClusterFixture cluster)
{
    [Fact]
    public async Task Client_ThroughTheGatewayPort_TakesALockTheHttpApiSees()
    {
        var endpoints = await cluster.Process.Nodes[1].GetEndpointsAsync(CancellationToken.None);
        Assert.NotEqual(endpoints.Silo.Split('@')[0], endpoints.Gateway);
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddOrleansSyncClient(client => client
            .UseStaticClustering(endpoints.Gateway)
            .ConfigureMessaging(messaging => messaging.SharedSecret = SiloHostOptions.DevelopmentSharedSecret));
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var grains = host.Services.GetRequiredService<IClusterClient>();
            await using var locks = new DistributedLockClient(grains, new DistributedLockClientOptions { GroupCount = EmbeddedClusterFixture.Groups });
            var name = $"gateway-{Guid.NewGuid():N}";
            var grant = await locks.AcquireLeasedAsync(name, LockMode.Exclusive, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5));
            Assert.NotNull(grant);

            using var http = cluster.Http(2);
            var state = await http.GetStringAsync(new Uri($"/locks/{name}", UriKind.Relative));
            Assert.Contains($"\"leaseId\":{grant.LeaseId}", state, StringComparison.Ordinal);
            await locks.ReleaseLeasedAsync(name, grant.LeaseId);
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
