using OrleansSync.Grains.Raft.Hosting;
using OrleansSync.Grains.Raft.StateMachines;

namespace OrleansSync.Grains.Service;

/// <summary>Gives every Raft group a <see cref="ServiceStateMachine"/> with the same bounds.</summary>
public sealed class ServiceStateMachineFactory(ServiceStateMachineOptions options) : IRaftStateMachineFactory
{
    public ServiceStateMachineFactory()
        : this(new ServiceStateMachineOptions())
    {
    }

    public IReplicatedStateMachine Create(int group) => new ServiceStateMachine(group, options);
}
