using OrleansSync.Grains.Locks;
using OrleansSync.Grains.Raft.Hosting;
using OrleansSync.Grains.Raft.StateMachines;

namespace OrleansSync.Grains.Tests.Raft.Hosting;

internal sealed class LockFactoryForTests : IRaftStateMachineFactory
{
    public IReplicatedStateMachine Create(int group) => new LockStateMachine(group, new LockTableOptions());
}
