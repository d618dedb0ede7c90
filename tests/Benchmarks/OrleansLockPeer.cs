using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using OrleansSync.Grains.Interfaces.Locks;
using OrleansSync.Grains.Locks.Client;
using OrleansSync.Grains.Security;

namespace OrleansSync.Benchmarks;

/// <summary>
/// Ours through the Orleans client: one client host connected to the silos' gateways, and a
/// <see cref="DistributedLockClient"/> per worker (its own lease per group, as etcd's lease per worker).
/// </summary>
internal sealed class OrleansLockPeer : ILockPeer
{
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(60);
    private readonly IHost _host;
    private readonly int _groups;
    private readonly List<DistributedLockClient> _clients = [];
    private readonly Lock _gate = new();

    private OrleansLockPeer(IHost host, int groups)
    {
        _host = host;
        _groups = groups;
    }

    public string Name => "ours-client";

    public static async Task<OrleansLockPeer> ConnectAsync(IReadOnlyList<System.Net.IPEndPoint> gateways, string sharedSecret, string clusterId, int groups, CancellationToken cancellationToken)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client =>
        {
            client.UseStaticClustering([.. gateways]);
            client.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = clusterId;
                options.ServiceId = clusterId;
            });
            client.UseSharedSecret(new SharedSecretOptions { Secret = sharedSecret });
        });
        var host = builder.Build();
        await host.StartAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        return new OrleansLockPeer(host, groups);
    }

    public Task<Func<string, CancellationToken, Task>> OpenWorkerAsync(int index, CancellationToken cancellationToken)
    {
        var client = new DistributedLockClient(_host.Services.GetRequiredService<IClusterClient>(), new DistributedLockClientOptions
        {
            GroupCount = _groups,
            ReplicaCount = 3,
            Owner = $"peer-bench/{Environment.ProcessId}/{index}",
        });
        lock (_gate)
        {
            _clients.Add(client);
        }

        Func<string, CancellationToken, Task> pair = async (name, ct) =>
        {
            var handle = await client.AcquireAsync(name, LockMode.Exclusive, WaitTimeout, ct);
            await handle.DisposeAsync();
        };
        return Task.FromResult(pair);
    }

    public async Task CloseWorkersAsync()
    {
        List<DistributedLockClient> clients;
        lock (_gate)
        {
            clients = [.. _clients];
            _clients.Clear();
        }

        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await CloseWorkersAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _host.StopAsync(timeout.Token);
        _host.Dispose();
    }
}
