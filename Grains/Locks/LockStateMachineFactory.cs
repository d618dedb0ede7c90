using OrleansSync.Grains.Raft.Hosting;
using OrleansSync.Grains.Raft.StateMachines;

namespace OrleansSync.Grains.Locks;

/// <summary>Gives every Raft group a <see cref="LockStateMachine"/> with the same bounds.</summary>
public sealed class LockStateMachineFactory(LockTableOptions options) : IRaftStateMachineFactory
{
    public IReplicatedStateMachine Create(int group) => new LockStateMachine(group, options);
}
