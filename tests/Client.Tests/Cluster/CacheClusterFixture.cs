using Orleans.TestingHost;
using OrleansSync.Grains.Cache.Hosting;
using OrleansSync.Grains.Hosting;
using OrleansSync.Grains.Raft.Hosting;
using OrleansSync.Grains.Service;

namespace OrleansSync.Client.Tests.Cluster;

/// <summary>A three-silo InProcessTestCluster with the coherent cache (memory streams, a near cache per silo), shared by one test class.</summary>
public sealed class CacheClusterFixture : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "orleanssync-client-cache-" + Guid.NewGuid().ToString("N"));
    private InProcessTestCluster? _cluster;

    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The fixture has not started.");

    public IGrainFactory GrainFactory => Cluster.Client;

    public string SiloIdentity(int index) => Cluster.Silos[index].SiloAddress.ToParsableString();

    public async Task InitializeAsync()
    {
        _cluster = new InProcessTestClusterBuilder(3)
            .ConfigureSilo((_, silo) => silo
                .UseFastFailureDetection()
                .AddRaftPeers(
                    options =>
                    {
                        options.GroupCount = LockClusterFixture.GroupCount;
                        options.ReplicaCount = LockClusterFixture.ReplicaCount;
                        options.TickIntervalMs = 20;
                        options.DataDirectory = _dataDirectory;
                    },
                    new ServiceStateMachineFactory())
                .AddCoherentCache())
            .Build();
        await _cluster.DeployAsync();
        await LockClusterFixture.WaitForSettledAsync(GrainFactory, "cache fixture start");
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }
}
