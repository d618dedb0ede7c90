namespace OrleansSync.Simulation.Cluster;

/// <summary>How a simulated host serves reads.</summary>
internal enum ReadPath
{
    /// <summary>Linearizable: ReadIndex, then answer once the state machine reached the read index.</summary>
    ReadIndex = 1,

    /// <summary>
    /// A deliberate bug for the teeth tests: a node that believes it leads answers from its local
    /// state at once, so a deposed leader serves stale reads.
    /// </summary>
    LocalReadOnLeaderBug = 2,
}
