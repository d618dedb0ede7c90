using OrleansSync.Grains.Raft.StateMachines;
using OrleansSync.TestSupport.Linearizability;

namespace OrleansSync.Simulation.Workloads;

/// <summary>
/// What simulated clients do to the cluster: the operations they issue, how they are encoded for
/// the replicated state machine (which the simulator wraps in client sessions), how answers decode,
/// and the model that checks the history: key-value (<see cref="KeyValueWorkload"/>) and locks
/// (<see cref="Locks.LockWorkload"/>).
/// </summary>
internal interface IWorkload<TInput, TOutput>
{
    string Name { get; }

    /// <summary>The next operation of <paramref name="clientId"/>, which is idle at <paramref name="nowTick"/>.</summary>
    TInput NextOperation(int clientId, long nowTick);

    /// <summary>A client got the answer to an operation (a workload whose clients keep state learns from it here).</summary>
    void Answered(int clientId, TInput input, TOutput output, long nowTick);

    /// <summary>A client gave up an operation whose outcome is unknown (its session was lost).</summary>
    void Abandoned(int clientId, TInput input);

    /// <summary>
    /// When true, the simulator completes every write that a client never saw answered but that
    /// some replica applied, with the answer the replicas computed (returning at the end of the
    /// history), so only writes that never took effect stay pending. A model whose pending steps
    /// cannot be known (time-dependent ones) needs this.
    /// </summary>
    bool CompletesUnansweredWrites { get; }

    /// <summary>How far behind simulated time the clock of <paramref name="nodeId"/> runs when it stamps commands as leader (ms).</summary>
    long ClockLagMs(ulong nodeId);

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

    /// <summary>
    /// The history operation a leader-proposed expiry stands for (see <see cref="IExpiringStateMachine"/>);
    /// only asked of workloads whose state machine has deadlines.
    /// </summary>
    TInput ExpiryOperation { get; }

    /// <summary>The answer of the leader-proposed expiry that <paramref name="stateMachine"/> (from <see cref="CreateStateMachine"/>) just applied.</summary>
    TOutput AppliedExpiry(IReplicatedStateMachine stateMachine);

    /// <summary>The write the liveness phase must get committed.</summary>
    TInput LivenessProbe();

    /// <summary>Checks a recorded client history against the workload's model.</summary>
    LinearizabilityResult Check(IReadOnlyList<Operation<TInput, TOutput>> history, CheckBudget budget);
}
