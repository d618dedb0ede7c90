using System.Globalization;
using OrleansSync.Grains.Interfaces.Cluster;
using OrleansSync.Grains.Interfaces.Raft;

namespace OrleansSync.Grains.Locks.Client;

/// <summary>Replicas as Orleans grain references.</summary>
public sealed class GrainFactoryPeerResolver(IGrainFactory grains) : IRaftPeerResolver
{
    /// <summary>How long each replica may take to answer the cluster-wide status read of <see cref="FindMembersAsync"/>.</summary>
    private const int DiscoveryReplicaTimeoutMs = 1_000;

    public IRaftPeerGrain Peer(int group, int replica) =>
        grains.GetGrain<IRaftPeerGrain>(string.Create(CultureInfo.InvariantCulture, $"{group}/{replica}"));

    /// <summary>From a silo's status reader, which follows configurations and remembers members (<see cref="IClusterInfoGrain"/>).</summary>
    public async Task<int[]?> FindMembersAsync(int group, CancellationToken cancellationToken)
    {
        var status = await grains.GetGrain<IClusterInfoGrain>(IClusterInfoGrain.DefaultKey).GetStatus(DiscoveryReplicaTimeoutMs).WaitAsync(cancellationToken);
        var found = status.Groups.FirstOrDefault(g => g.Group == group);
        return found is { Voters.Length: > 0 } ? [.. found.Voters, .. found.Learners] : null;
    }
}
