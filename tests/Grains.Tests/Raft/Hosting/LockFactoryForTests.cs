using OrleansSync.Grains.Raft.Hosting;
using OrleansSync.Grains.Raft.StateMachines;
using OrleansSync.Grains.Service;

namespace OrleansSync.Grains.Tests.Raft.Hosting;

/// <summary>The product's own group state machine (locks, queues, cache) with default bounds, for lock tests on a cluster.</summary>
internal sealed class LockFactoryForTests : IRaftStateMachineFactory
{
    private readonly ServiceStateMachineFactory _inner = new();

    public IReplicatedStateMachine Create(int group) => _inner.Create(group);
}
