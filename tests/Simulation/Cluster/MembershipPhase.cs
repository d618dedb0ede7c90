namespace OrleansSync.Simulation.Cluster;

/// <summary>Where the simulated operator is in "remove a voter, re-add it as a learner, promote it".</summary>
internal enum MembershipPhase
{
    Idle = 0,
    Removing = 1,
    Removed = 2,
    AddingLearner = 3,
    Promoting = 4,
}
