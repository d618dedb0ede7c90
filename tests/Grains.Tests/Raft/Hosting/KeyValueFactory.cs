using OrleansSync.Grains.Raft.Hosting;
using OrleansSync.Grains.Raft.StateMachines;

namespace OrleansSync.Grains.Tests.Raft.Hosting;

internal sealed class KeyValueFactory : IRaftStateMachineFactory
{
    public IReplicatedStateMachine Create(int group) => new KeyValueStateMachine();
}
