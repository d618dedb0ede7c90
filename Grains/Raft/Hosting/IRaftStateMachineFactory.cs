using OrleansSync.Grains.Raft.StateMachines;

namespace OrleansSync.Grains.Raft.Hosting;

/// <summary>Creates the replicated state machine of a Raft group, when one of its peers activates.</summary>
public interface IRaftStateMachineFactory
{
    /// <summary>A fresh, empty state machine for <paramref name="group"/>; the peer wraps it in client sessions.</summary>
    IReplicatedStateMachine Create(int group);
}
