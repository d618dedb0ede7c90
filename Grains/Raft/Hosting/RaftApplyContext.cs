using OrleansSync.Grains.Raft.StateMachines;

namespace OrleansSync.Grains.Raft.Hosting;

/// <summary>
/// What <see cref="IRaftApplyObserver"/> learns after a batch: the replica, whether it leads now,
/// whether it became leader since its last batch (a new leader resends what was in flight), and
/// its inner state machine (under the session layer).
/// </summary>
public readonly record struct RaftApplyContext(int Group, int Replica, bool IsLeader, bool BecameLeader, IReplicatedStateMachine StateMachine);
