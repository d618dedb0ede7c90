using OrleansSync.Grains.Interfaces.Raft;

namespace OrleansSync.Grains.Locks.Client;

/// <summary>
/// How a client reaches replica <c>{group}/{replica}</c>: the one seam between the lock client and
/// Orleans, so tests can stand between them (cut a client off, slow or lose calls).
/// </summary>
public interface IRaftPeerResolver
{
    IRaftPeerGrain Peer(int group, int replica);
}
