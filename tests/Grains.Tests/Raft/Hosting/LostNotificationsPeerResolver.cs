using OrleansSync.Grains.Interfaces.Raft;
using OrleansSync.Grains.Locks.Client;

namespace OrleansSync.Grains.Tests.Raft.Hosting;

/// <summary>
/// The cluster's replicas, except that none answers a long-poll for an outcome: as when
/// leadership keeps moving, or the leader installed a snapshot and never saw the outcome applied.
/// Clients must then decide from linearizable reads alone.
/// </summary>
internal sealed class LostNotificationsPeerResolver(IGrainFactory inner) : IRaftPeerResolver
{
    private readonly GrainFactoryPeerResolver _peers = new(inner);

    public IRaftPeerGrain Peer(int group, int replica) => new DeafPeer(_peers.Peer(group, replica));

    private sealed class DeafPeer(IRaftPeerGrain inner) : IRaftPeerGrain
    {
        public Task<RaftDeliveryResult> Deliver(byte[] messages, SiloAddress sender) => inner.Deliver(messages, sender);

        public Task<RaftCallOutcome> Propose(byte[] command) => inner.Propose(command);

        public Task<RaftCallOutcome> Read(byte[] query) => inner.Read(query);

        public Task<RaftCallOutcome> WaitForOutcome(ulong key, int timeoutMs, CancellationToken cancellationToken) =>
            Task.FromResult(new RaftCallOutcome(RaftCallStatus.NotLeader, null, -1, "No leader known (test).", []));

        public Task<RaftPeerStatus> GetStatus() => inner.GetStatus();

        public Task NotifyRemoved(int[] members) => inner.NotifyRemoved(members);
    }
}
