using OrleansSync.Grains.Interfaces.Raft;

namespace OrleansSync.Grains.Locks.Client;

/// <summary>
/// How a client reaches replica <c>{group}/{replica}</c>: the one seam between the lock client and
/// Orleans, so tests can stand between them (cut a client off, slow or lose calls).
/// </summary>
public interface IRaftPeerResolver
{
    IRaftPeerGrain Peer(int group, int replica);

    /// <summary>
    /// The replica ids of <paramref name="group"/>'s current configuration as the cluster knows them
    /// (voters first), or null if it cannot tell. The channel asks when no replica id it knows
    /// leads to the leader: a client that starts after every founding replica was replaced knows
    /// only ids that are gone, and none of them can name the new ones.
    /// </summary>
    Task<int[]?> FindMembersAsync(int group, CancellationToken cancellationToken) => Task.FromResult<int[]?>(null);
}
