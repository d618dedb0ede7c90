using OrleansSync.Grains.Raft.StateMachines;
using OrleansSync.TestSupport.Linearizability;

namespace OrleansSync.Simulation.Workloads;

/// <summary>
/// What simulated clients do to the cluster: the operations they issue, how they are encoded for
/// the replicated state machine (which the simulator wraps in client sessions), how answers decode,
/// and the model that checks the history. The key-value workload exists now; locks plug in here later.
/// </summary>
internal interface IWorkload<TInput, TOutput>
{
    string Name { get; }

    /// <summary>The next operation of <paramref name="clientId"/>.</summary>
    TInput NextOperation(int clientId);

    /// <summary>Reads go through ReadIndex and a local query; everything else is proposed through a session.</summary>
    bool IsRead(TInput input);

    /// <summary>The inner command of a write (the host wraps it in a session command).</summary>
    ReadOnlyMemory<byte> EncodeCommand(TInput input);

    /// <summary>The query of a read.</summary>
    ReadOnlyMemory<byte> EncodeQuery(TInput input);

    /// <summary>Turns the state machine's answer to <paramref name="input"/> into the model's output.</summary>
    TOutput DecodeResult(TInput input, ReadOnlyMemory<byte> result);

    /// <summary>A fresh, empty inner state machine for one replica.</summary>
    IReplicatedStateMachine CreateStateMachine();

    /// <summary>The write the liveness phase must get committed.</summary>
    TInput LivenessProbe();

    /// <summary>Checks a recorded client history against the workload's model.</summary>
    LinearizabilityResult Check(IReadOnlyList<Operation<TInput, TOutput>> history, CheckBudget budget);
}
