using OrleansSync.TestSupport.Linearizability;

namespace OrleansSync.Simulation.Workloads;

/// <summary>
/// What simulated clients do to the cluster: the operations they issue, how a write becomes a
/// command, the replicated state machine that applies it, and the model that checks the history.
/// The key-value workload exists now; the locks workload plugs in here later.
/// </summary>
internal interface IWorkload<TInput, TOutput>
{
    string Name { get; }

    /// <summary>The next operation of <paramref name="clientId"/>.</summary>
    TInput NextOperation(int clientId);

    /// <summary>Reads go through ReadIndex and the local state machine; everything else is proposed.</summary>
    bool IsRead(TInput input);

    /// <summary>The command a write proposes: the input inside a client-session envelope.</summary>
    ReadOnlyMemory<byte> EncodeCommand(ulong sessionId, ulong sequence, TInput input);

    /// <summary>A fresh, empty state machine for one replica.</summary>
    IWorkloadReplica<TInput, TOutput> CreateReplica();

    /// <summary>The write the liveness phase must get committed.</summary>
    TInput LivenessProbe();

    /// <summary>Checks a recorded client history against the workload's model.</summary>
    LinearizabilityResult Check(IReadOnlyList<Operation<TInput, TOutput>> history, CheckBudget budget);
}
