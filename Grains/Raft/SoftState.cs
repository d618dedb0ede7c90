namespace OrleansSync.Grains.Raft;

/// <summary>Volatile state for observers (need not be persisted): who leads, and this node's role.</summary>
/// <param name="LeaderId">The leader this node follows, or <see cref="NodeId.None"/>.</param>
/// <param name="Role">This node's role.</param>
public readonly record struct SoftState(ulong LeaderId, RaftRole Role);
