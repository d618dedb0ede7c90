namespace OrleansSync.Simulation.Workloads.Locks;

/// <summary>What a lock client believes about one lock for its current lease (absent: it neither holds nor waits).</summary>
internal enum LockKnowledge
{
    /// <summary>Its lease holds the lock.</summary>
    Held = 1,

    /// <summary>Its lease waits in the lock's queue.</summary>
    Waiting = 2,

    /// <summary>An answer was lost or surprising: read the lock before doing anything else with it.</summary>
    Unknown = 3,
}
