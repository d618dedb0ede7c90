namespace OrleansSync.Simulation.Workloads.Locks;

/// <summary>A deliberate lock bug, planted in the simulator's wrapper around the production lock state machine (teeth).</summary>
internal enum LockFault
{
    /// <summary>The honest lock table.</summary>
    None = 0,

    /// <summary>A shared acquire of a lock someone holds exclusively is granted anyway (on a hidden shadow lock).</summary>
    SharedBesideExclusive = 1,

    /// <summary>A grant reports the lock's previous fencing token (or the one before its own), not a new one.</summary>
    ReuseFencingToken = 2,
}
