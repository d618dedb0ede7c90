using OrleansSync.Grains.Interfaces.Raft;
using OrleansSync.Runtime;

namespace OrleansSync.Grains.Tests.Raft.Hosting;

/// <summary>A Raft peer reference that fails every call while its factory is cut.</summary>
internal sealed class CuttablePeer(CuttableGrainFactory factory, IRaftPeerGrain peer) : IRaftPeerGrain
{
    public Task Deliver(byte[] messages) => Pass(() => peer.Deliver(messages));

    public Task<RaftCallOutcome> Propose(byte[] command) => Pass(() => peer.Propose(command));

    public Task<RaftCallOutcome> Read(byte[] query) => Pass(() => peer.Read(query));

    public Task<RaftCallOutcome> WaitForOutcome(ulong key, int timeoutMs) => Pass(() => peer.WaitForOutcome(key, timeoutMs));

    public Task<RaftPeerStatus> GetStatus() => Pass(peer.GetStatus);

    private Task<T> Pass<T>(Func<Task<T>> call) =>
        factory.IsCut ? Task.FromException<T>(new SiloUnavailableException("The test cut this client off.", mayHaveBeenDelivered: false)) : call();

    private Task Pass(Func<Task> call) =>
        factory.IsCut ? Task.FromException(new SiloUnavailableException("The test cut this client off.", mayHaveBeenDelivered: false)) : call();
}
