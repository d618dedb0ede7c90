using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using OrleansSync.Grains.Interfaces.Locks;
using OrleansSync.Grains.Locks.Client;
using OrleansSync.Grains.Security;
using OrleansSync.Silo.Hosting;

namespace OrleansSync.Silo.Tests;

/// <summary>
/// An Orleans client reaches the cluster through a silo's gateway port (not its silo port), as the
/// console client does, and only with the cluster's shared secret.
/// </summary>
[Collection(EmbeddedClusterCollection.Name)]
public sealed class GatewayTests(EmbeddedClusterFixture cluster)
{
    [Fact]
    public async Task Client_ThroughTheGatewayPort_TakesALockTheHttpApiSees()
    {
        var endpoints = await cluster.Process.Nodes[1].GetEndpointsAsync(CancellationToken.None);
        using var host = BuildClient(IPEndPoint.Parse(endpoints.Gateway), SiloHostOptions.DevelopmentSharedSecret);
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

    [Fact]
    public async Task Client_WithTheWrongSharedSecret_IsRefused_AndCallsNoGrain()
    {
        var endpoints = await cluster.Process.Nodes[0].GetEndpointsAsync(CancellationToken.None);
        using var host = BuildClient(IPEndPoint.Parse(endpoints.Gateway), "not-the-cluster-secret-at-all");
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        // The handshake fails on every gateway connection, so the client never connects.
        await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync(deadline.Token));
    }

    private static IHost BuildClient(IPEndPoint gateway, string secret)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client => client
            .UseStaticClustering(gateway)
            .Configure<ClusterOptions>(options =>
            {
                options.ClusterId = SiloHostOptions.DefaultClusterId;
                options.ServiceId = SiloHostOptions.DefaultClusterId;
            })
            .Configure<ClientMessagingOptions>(options => options.ResponseTimeout = TimeSpan.FromSeconds(10))
            .UseSharedSecret(new SharedSecretOptions { Secret = secret, HandshakeTimeoutMs = 2_000 }));
        return builder.Build();
    }
}
