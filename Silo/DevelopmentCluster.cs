using OrleansSync.Grains.Interfaces.Raft;
using OrleansSync.Grains.Locks;
using OrleansSync.Grains.Raft.Hosting;
using OrleansSync.Runtime;
using OrleansSync.Runtime.Hosting;

namespace OrleansSync.Silo;

/// <summary>
/// Starts <see cref="DevelopmentClusterOptions.Silos"/> silos in this process on one in-process
/// network, each hosting Raft peers whose state machines are lock tables, and reports the
/// groups' status. Replicas of a group are placed on distinct silos.
/// </summary>
internal sealed class DevelopmentCluster(DevelopmentClusterOptions options, ILoggerFactory loggerFactory) : IAsyncDisposable
{
    private const int ReplicaCount = 3;
    private readonly InProcessCluster _network = new();
    private readonly List<IHost> _silos = [];

    /// <summary>Calls into the cluster (through the first silo).</summary>
    public IGrainFactory GrainFactory => _silos[0].Services.GetRequiredService<IGrainFactory>();

    public int Groups => options.Groups;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; i < options.Silos; i++)
        {
            var host = BuildSilo($"silo-{i}");
            await host.StartAsync(cancellationToken);
            _silos.Add(host);
        }

        // Activate every replica now, so that groups elect leaders before the first request.
        await GetStatusAsync(TimeSpan.FromSeconds(5));
    }

    /// <summary>The status of every replica that answers within the timeout, per group.</summary>
    public async Task<IReadOnlyList<RaftPeerStatus>> GetStatusAsync(TimeSpan timeout)
    {
        var calls = Enumerable.Range(0, options.Groups)
            .SelectMany(group => Enumerable.Range(0, ReplicaCount).Select(replica => $"{group}/{replica}"))
            .Select(key => GrainFactory.GetGrain<IRaftPeerGrain>(key).GetStatus().WaitAsync(timeout));
        var statuses = new List<RaftPeerStatus>();
        foreach (var call in calls)
        {
            try
            {
                statuses.Add(await call);
            }
            catch (Exception exception) when (exception is TimeoutException or ClusterUnavailableException or SiloUnavailableException)
            {
                // An unreachable replica is shown by its absence.
            }
        }

        return statuses;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in Enumerable.Reverse(_silos))
        {
            using var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await silo.StopAsync(stopTimeout.Token);
            silo.Dispose();
        }
    }

    private IHost BuildSilo(string name)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.Configure<ConsoleLifetimeOptions>(lifetime => lifetime.SuppressStatusMessages = true);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.Services.Configure<SiloOptions>(silo => silo.SiloName = name);
        builder.Services.AddOrleansSyncSilo(silo => silo
            .UseInProcessClustering(_network)
            .AddRaftPeers(
                raft =>
                {
                    raft.GroupCount = options.Groups;
                    raft.ReplicaCount = ReplicaCount;
                    raft.DataDirectory = Path.Combine(options.DataDirectory, "raft");
                },
                new LockStateMachineFactory(new LockTableOptions())));
        return builder.Build();
    }
}
