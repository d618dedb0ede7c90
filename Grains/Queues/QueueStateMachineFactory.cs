using OrleansSync.Grains.Raft.Hosting;
using OrleansSync.Grains.Raft.StateMachines;

namespace OrleansSync.Grains.Queues;

/// <summary>Gives every Raft group a <see cref="QueueStateMachine"/> with the same bounds.</summary>
public sealed class QueueStateMachineFactory(QueueTableOptions options) : IRaftStateMachineFactory
{
    public IReplicatedStateMachine Create(int group) => new QueueStateMachine(options);
}
