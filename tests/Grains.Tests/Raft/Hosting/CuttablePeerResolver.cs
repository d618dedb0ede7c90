using OrleansSync.Grains.Interfaces.Raft;
using OrleansSync.Grains.Locks.Client;

namespace OrleansSync.Grains.Tests.Raft.Hosting;

/// <summary>Replicas whose calls fail while <see cref="IsCut"/>: a client cut off from the cluster.</summary>
internal sealed class CuttablePeerResolver(IGrainFactory inner) : IRaftPeerResolver
{
    private readonly GrainFactoryPeerResolver _peers = new(inner);
    private volatile bool _isCut;

    public bool IsCut
    {
        get => _isCut;
        set => _isCut = value;
    }

    public IRaftPeerGrain Peer(int group, int replica) => CuttablePeerProxy.Wrap(this, _peers.Peer(group, replica));
}
