namespace OrleansSync.Simulation.Running;

/// <summary>How one seed ended.</summary>
internal enum SeedVerdict
{
    /// <summary>Every checker passed and the liveness phase made progress.</summary>
    Passed = 1,

    /// <summary>A safety checker, the linearizability checker or the liveness phase failed.</summary>
    Violation = 2,

    /// <summary>Safety and liveness held but the linearizability check ran out of budget.</summary>
    Unknown = 3,
}
