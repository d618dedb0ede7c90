namespace OrleansSync.Simulation.Workloads;

/// <summary>One replica's state machine as the simulated host drives it.</summary>
internal interface IWorkloadReplica<TInput, TOutput>
{
    /// <summary>
    /// Applies a committed command. Returns the session and sequence it carried and the answer for
    /// its client (a retried command answers from the session's stored result, without applying twice).
    /// </summary>
    AppliedCommand<TOutput> Apply(ulong index, ReadOnlyMemory<byte> command);

    /// <summary>Serves a read from the local state.</summary>
    TOutput Read(TInput input);

    ReadOnlyMemory<byte> Snapshot();

    void Restore(ReadOnlyMemory<byte> snapshot);
}
