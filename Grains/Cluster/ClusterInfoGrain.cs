using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using OrleansSync.Grains.Interfaces.Cluster;
using OrleansSync.Grains.Interfaces.Raft;
using OrleansSync.Grains.Raft.Hosting;

namespace OrleansSync.Grains.Cluster;

/// <summary>
/// Answers <see cref="IClusterInfoGrain"/> from the hosting silo's services: Orleans' membership
/// (through the management grain), the silo's <see cref="RaftPeerOptions"/>, and the current
/// members' own <see cref="IRaftPeerGrain.GetStatus"/> (<see cref="RaftGroupReader"/>). It keeps no
/// state but a hint (the members last read), so it is a stateless worker: the silo that takes the
/// call answers from its own view.
/// </summary>
/// <remarks>Reentrant: a status call waits on many replicas and must not hold up a layout call.</remarks>
[Reentrant]
[StatelessWorker]
public sealed class ClusterInfoGrain : Grain, IClusterInfoGrain
{
    /// <summary>Replica status calls in flight at once, whatever the group count.</summary>
    private const int MaxConcurrentStatusCalls = 64;

    private readonly IServiceProvider _services;
    private readonly string _siloName;

    /// <summary>Each group's members as this activation last read them, so that the next read starts there (replicas get fresh ids).</summary>
    private readonly RaftMemberMemory _members = new();

    public ClusterInfoGrain(IServiceProvider services, ILocalSiloDetails localSilo)
    {
        _services = services;
        _siloName = localSilo.Name;
    }

    public Task<RaftLayout> GetRaftLayout() => Task.FromResult(Layout());

    public async Task<ClusterStatus> GetStatus(int replicaTimeoutMs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replicaTimeoutMs, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(replicaTimeoutMs, IClusterInfoGrain.MaxReplicaTimeoutMs);
        var layout = Layout();
        var timeout = TimeSpan.FromMilliseconds(replicaTimeoutMs);
        var silos = await ReadSilosAsync(timeout);
        var groups = await RaftGroupStatusCollector.CollectAsync(GrainFactory, layout, _members, timeout, MaxConcurrentStatusCalls);
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

    /// <summary>
    /// Every incarnation the membership table holds, dead ones included: after a kill and restart
    /// the old incarnation shows as Dead (until Orleans cleans up defunct rows) rather than vanishing.
    /// </summary>
    private async Task<IReadOnlyList<ClusterSilo>> ReadSilosAsync(TimeSpan timeout)
    {
        var hosts = await GrainFactory.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: false).WaitAsync(timeout);
        return [.. hosts
            .OrderBy(entry => entry.SiloAddress.Endpoint.ToString(), StringComparer.Ordinal)
            .ThenBy(entry => entry.SiloAddress.Generation)
            .Select(entry => new ClusterSilo(
                entry.SiloName ?? entry.SiloAddress.Endpoint.ToString(),
                string.Create(CultureInfo.InvariantCulture, $"{entry.SiloAddress.Endpoint}@{entry.SiloAddress.Generation}"),
                entry.Status.ToString(),
                entry.ProxyPort > 0 ? string.Create(CultureInfo.InvariantCulture, $"{entry.SiloAddress.Endpoint.Address}:{entry.ProxyPort}") : null))];
    }
}
