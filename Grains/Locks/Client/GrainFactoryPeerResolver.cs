using System.Globalization;
using OrleansSync.Grains.Interfaces.Raft;

namespace OrleansSync.Grains.Locks.Client;

/// <summary>Replicas as Orleans grain references.</summary>
public sealed class GrainFactoryPeerResolver(IGrainFactory grains) : IRaftPeerResolver
{
    public IRaftPeerGrain Peer(int group, int replica) =>
        grains.GetGrain<IRaftPeerGrain>(string.Create(CultureInfo.InvariantCulture, $"{group}/{replica}"));
}
