using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansSync.Grains.Interfaces.Cluster;
using OrleansSync.Grains.Interfaces.Raft;
using OrleansSync.Grains.Raft.Hosting;
using OrleansSync.Runtime;
using OrleansSync.Runtime.Hosting;
using OrleansSync.Runtime.Membership;

namespace OrleansSync.Grains.Cluster;

/// <summary>
/// Answers <see cref="IClusterInfoGrain"/> from the hosting silo's services: the membership table
/// (TCP clustering: static, in-memory or Redis) or the in-process membership, the silo's
/// <see cref="RaftPeerOptions"/>, and the replicas' own <see cref="IRaftPeerGrain.GetStatus"/>.
/// It keeps no state, so any activation on any silo gives the same kind of answer.
/// </summary>
/// <remarks>Reentrant: a status call waits on many replicas and must not hold up a layout call.</remarks>
[Reentrant]
public sealed class ClusterInfoGrain : Grain, IClusterInfoGrain
{
    /// <summary>Replica status calls in flight at once, whatever the group count.</summary>
    private const int MaxConcurrentStatusCalls = 64;

    private readonly IServiceProvider _services;
    private readonly string _siloName;

    public ClusterInfoGrain(IServiceProvider services, IOptions<SiloOptions> siloOptions)
    {
        _services = services;
        _siloName = siloOptions.Value.SiloName;
    }

    public Task<RaftLayout> GetRaftLayout() => Task.FromResult(Layout());

    public async Task<ClusterStatus> GetStatus(int replicaTimeoutMs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replicaTimeoutMs, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(replicaTimeoutMs, IClusterInfoGrain.MaxReplicaTimeoutMs);
        var layout = Layout();
        var timeout = TimeSpan.FromMilliseconds(replicaTimeoutMs);
        var silos = await ReadSilosAsync(timeout);
        var groups = await RaftGroupStatusCollector.CollectAsync(GrainFactory, layout, timeout, MaxConcurrentStatusCalls);
        return new ClusterStatus(_siloName, silos, layout, groups);
    }

    private RaftLayout Layout()
    {
        // The options are resolvable on any host; only a silo that hosts Raft peers registered a state machine factory.
        if (_services.GetService<IRaftStateMachineFactory>() is null)
        {
            return new RaftLayout(0, 0);
        }

        var options = _services.GetRequiredService<IOptions<RaftPeerOptions>>().Value;
        return new RaftLayout(options.GroupCount, options.ReplicaCount);
    }

    private async Task<IReadOnlyList<ClusterSilo>> ReadSilosAsync(TimeSpan timeout)
    {
        if (_services.GetService<IMembershipTable>() is { } table)
        {
            using var deadline = new CancellationTokenSource(timeout);
            var snapshot = await table.ReadAllAsync(deadline.Token);
            return [.. snapshot.Rows
                .Select(row => row.Entry)
                .OrderBy(entry => entry.Silo.Endpoint, StringComparer.Ordinal)
                .ThenBy(entry => entry.Silo.Generation)
                .Select(entry => new ClusterSilo(entry.Silo.Endpoint, entry.Silo.ToString(), entry.Status.ToString(), entry.GatewayEndpoint))];
        }

        if (_services.GetService<InProcessCluster>() is { } cluster)
        {
            return [.. cluster.Membership.Current.ActiveSilos
                .OrderBy(silo => silo.Endpoint, StringComparer.Ordinal)
                .Select(silo => new ClusterSilo(silo.Endpoint, silo.ToString(), nameof(SiloStatus.Active), null))];
        }

        return [];
    }
}
