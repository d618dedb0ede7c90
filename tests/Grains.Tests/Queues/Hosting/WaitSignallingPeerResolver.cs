using OrleansSync.Grains.Interfaces.Raft;
using OrleansSync.Grains.Locks.Client;

namespace OrleansSync.Grains.Tests.Queues.Hosting;

/// <summary>
/// The cluster's replicas, passed through, except that the first long-poll for an outcome
/// completes <see cref="FirstWait"/>: by then the receive has registered its waits in the groups,
/// so a test can send knowing the receive is waiting (not racing it).
/// </summary>
internal sealed class WaitSignallingPeerResolver(IGrainFactory inner) : IRaftPeerResolver
{
    private readonly GrainFactoryPeerResolver _peers = new(inner);
    private readonly TaskCompletionSource _firstWait = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task FirstWait => _firstWait.Task;

    public IRaftPeerGrain Peer(int group, int replica) => new SignallingPeer(_peers.Peer(group, replica), _firstWait);

    private sealed class SignallingPeer(IRaftPeerGrain inner, TaskCompletionSource firstWait) : IRaftPeerGrain
    {
        public Task<RaftDeliveryResult> Deliver(byte[] messages, SiloAddress sender) => inner.Deliver(messages, sender);

        public Task<RaftCallOutcome> Propose(byte[] command) => inner.Propose(command);

        public Task<RaftCallOutcome> Read(byte[] query) => inner.Read(query);

        public Task<RaftCallOutcome> WaitForOutcome(ulong key, int timeoutMs, CancellationToken cancellationToken)
        {
            var call = inner.WaitForOutcome(key, timeoutMs, cancellationToken);
            firstWait.TrySetResult();
            return call;
        }

        public Task<RaftPeerStatus> GetStatus() => inner.GetStatus();

        public Task NotifyRemoved(int[] members) => inner.NotifyRemoved(members);
    }
}
