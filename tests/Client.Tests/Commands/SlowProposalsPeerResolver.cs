using OrleansSync.Grains.Interfaces.Raft;
using OrleansSync.Grains.Locks.Client;

namespace OrleansSync.Client.Tests.Commands;

/// <summary>
/// The cluster's replicas, except that every Raft proposal answers <paramref name="delay"/> late: a
/// group that is electing a leader or repairing its replicas (ADR 0008) on a loaded machine.
/// </summary>
internal sealed class SlowProposalsPeerResolver(IGrainFactory inner, TimeSpan delay) : IRaftPeerResolver
{
    private readonly GrainFactoryPeerResolver _peers = new(inner);

    public IRaftPeerGrain Peer(int group, int replica) => new SlowPeer(_peers.Peer(group, replica), delay);

    private sealed class SlowPeer(IRaftPeerGrain inner, TimeSpan delay) : IRaftPeerGrain
    {
        public Task<RaftDeliveryResult> Deliver(byte[] messages, SiloAddress sender) => inner.Deliver(messages, sender);

        public async Task<RaftCallOutcome> Propose(byte[] command)
        {
            await Task.Delay(delay, CancellationToken.None);
            return await inner.Propose(command);
        }

        public Task<RaftCallOutcome> Read(byte[] query) => inner.Read(query);

        public Task<RaftCallOutcome> WaitForOutcome(ulong key, int timeoutMs, CancellationToken cancellationToken) => inner.WaitForOutcome(key, timeoutMs, cancellationToken);

        public Task<RaftPeerStatus> GetStatus() => inner.GetStatus();

        public Task NotifyRemoved(int[] members) => inner.NotifyRemoved(members);
    }
}
