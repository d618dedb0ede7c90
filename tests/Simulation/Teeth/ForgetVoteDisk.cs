using OrleansSync.Grains.Raft;
using OrleansSync.Simulation.Storage;

namespace OrleansSync.Simulation.Teeth;

/// <summary>
/// Deliberate bug: storage that persists the term and commit index but not the vote, so a node
/// that crashes and restarts in the same term can vote a second time in it.
/// </summary>
internal sealed class ForgetVoteDisk : SimulatedDisk
{
    public override void SaveHardState(HardState hardState) => base.SaveHardState(hardState with { VotedFor = NodeId.None });
}
