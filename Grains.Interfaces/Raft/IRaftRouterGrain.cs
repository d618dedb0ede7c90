using OrleansSync.Runtime;

namespace OrleansSync.Grains.Interfaces.Raft;

/// <summary>
/// A silo's Raft message router, keyed by the silo's endpoint (it lives on that silo). Other silos
/// send it, in one call, the Raft message batches of all their peers bound for peers on this silo;
/// it hands each batch to its local peer.
/// </summary>
public interface IRaftRouterGrain : IGrainWithStringKey
{
    /// <summary>Delivers a routed batch: per destination peer, one RaftMessageCodec batch (see RaftRoutedBatchCodec).</summary>
    Task Deliver(byte[] routed);
}
