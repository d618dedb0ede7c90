using OrleansSync.Grains.Interfaces.Raft;

namespace OrleansSync.Client.Tests.Commands;

/// <summary>
/// The cluster's grains, except that every Raft proposal answers <paramref name="delay"/> late: a
/// group that is electing a leader or repairing its replicas (ADR 0008) on a loaded machine.
/// </summary>
internal sealed class SlowProposalsGrainFactory(IGrainFactory inner, TimeSpan delay) : IGrainFactory
{
    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey)
        where TGrainInterface : IGrainWithStringKey
    {
        var grain = inner.GetGrain<TGrainInterface>(primaryKey);
        return grain is IRaftPeerGrain peer ? (TGrainInterface)(object)new SlowPeer(peer, delay) : grain;
    }

    private sealed class SlowPeer(IRaftPeerGrain inner, TimeSpan delay) : IRaftPeerGrain
    {
        public Task Deliver(byte[] messages) => inner.Deliver(messages);

        public async Task<RaftCallOutcome> Propose(byte[] command)
        {
            await Task.Delay(delay, CancellationToken.None);
            return await inner.Propose(command);
        }

        public Task<RaftCallOutcome> Read(byte[] query) => inner.Read(query);

        public Task<RaftCallOutcome> WaitForOutcome(ulong key, int timeoutMs) => inner.WaitForOutcome(key, timeoutMs);

        public Task<RaftPeerStatus> GetStatus() => inner.GetStatus();

        public Task NotifyRemoved(int[] members) => inner.NotifyRemoved(members);
    }
}
