using OrleansSync.Grains.Interfaces.Raft;

namespace OrleansSync.Grains.Tests.Raft.Hosting;

/// <summary>
/// The cluster's grains, except that no Raft peer answers a long-poll for an outcome: as when
/// leadership keeps moving, or the leader installed a snapshot and never saw the outcome applied.
/// Clients must then decide from linearizable reads alone.
/// </summary>
internal sealed class LostNotificationsGrainFactory(IGrainFactory inner) : IGrainFactory
{
    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey)
        where TGrainInterface : IGrainWithStringKey
    {
        var grain = inner.GetGrain<TGrainInterface>(primaryKey);
        return grain is IRaftPeerGrain peer ? (TGrainInterface)(object)new DeafPeer(peer) : grain;
    }

    private sealed class DeafPeer(IRaftPeerGrain inner) : IRaftPeerGrain
    {
        public Task Deliver(byte[] messages) => inner.Deliver(messages);

        public Task<RaftCallOutcome> Propose(byte[] command) => inner.Propose(command);

        public Task<RaftCallOutcome> Read(byte[] query) => inner.Read(query);

        public Task<RaftCallOutcome> WaitForOutcome(ulong key, int timeoutMs) =>
            Task.FromResult(new RaftCallOutcome(RaftCallStatus.NotLeader, null, -1, "No leader known (test).", []));

        public Task<RaftPeerStatus> GetStatus() => inner.GetStatus();

        public Task NotifyRemoved(int[] members) => inner.NotifyRemoved(members);
    }
}
