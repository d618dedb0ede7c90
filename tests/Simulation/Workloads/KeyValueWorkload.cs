using OrleansSync.Grains.Raft.StateMachines;
using OrleansSync.TestSupport.Linearizability;
using OrleansSync.TestSupport.Linearizability.Models;

namespace OrleansSync.Simulation.Workloads;

/// <summary>
/// Key-value clients over a few contended keys against the production <see cref="KeyValueStateMachine"/>,
/// checked against <see cref="KeyValueModel"/>.
/// </summary>
internal sealed class KeyValueWorkload(Random random, int keyCount) : IWorkload<KeyValueInput, KeyValueOutput>
{
    private readonly KeyValueOperationGenerator _generator = new(random, keyCount);

    public string Name => "kv";

    public bool CompletesUnansweredWrites => false;

    public KeyValueInput NextOperation(int clientId, long nowTick) => _generator.Next(clientId);

    public void Answered(int clientId, KeyValueInput input, KeyValueOutput output, long nowTick)
    {
        // Key-value clients keep no state between operations.
    }

    public void Abandoned(int clientId, KeyValueInput input)
    {
        // Key-value clients keep no state between operations.
    }

    public long ClockLagMs(ulong nodeId) => 0;

    public KeyValueInput ExpiryOperation =>
        throw new InvalidOperationException("The key-value state machine has no deadlines, so no leader proposes an expiry.");

    public KeyValueOutput AppliedExpiry(IReplicatedStateMachine stateMachine) =>
        throw new InvalidOperationException("The key-value state machine has no deadlines, so no expiry applies.");

    public bool IsRead(KeyValueInput input) => input.Kind == KeyValueOperationKind.Get;

    public ReadOnlyMemory<byte> EncodeCommand(KeyValueInput input) => KeyValueCodec.EncodeCommand(ToCommand(input));

    public ReadOnlyMemory<byte> EncodeQuery(KeyValueInput input) => KeyValueCodec.EncodeCommand(ToCommand(input));

    public KeyValueOutput DecodeResult(KeyValueInput input, ReadOnlyMemory<byte> result)
    {
        var decoded = KeyValueCodec.DecodeResult(result.Span);
        return (input.Kind, decoded.Status) switch
        {
            (KeyValueOperationKind.Get, KeyValueResultStatus.Ok or KeyValueResultStatus.NotFound) => KeyValueOutput.Read(decoded.Value),
            (KeyValueOperationKind.Put, KeyValueResultStatus.Ok) => KeyValueOutput.Put(decoded.Value),
            (KeyValueOperationKind.Delete, KeyValueResultStatus.Ok or KeyValueResultStatus.NotFound) => KeyValueOutput.Deleted(decoded.Value),
            (KeyValueOperationKind.CompareAndSwap, KeyValueResultStatus.Ok) => KeyValueOutput.Swapped(decoded.Value!),
            (KeyValueOperationKind.CompareAndSwap, KeyValueResultStatus.CompareFailed) => KeyValueOutput.NotSwapped(decoded.Value),
            (KeyValueOperationKind.Append, KeyValueResultStatus.Ok) => KeyValueOutput.Appended(decoded.Value!),
            _ => throw new InvalidOperationException($"The state machine answered {decoded} to {input}: the simulator sent something invalid."),
        };
    }

    public IReplicatedStateMachine CreateStateMachine() => new KeyValueStateMachine();

    public KeyValueInput LivenessProbe() => KeyValueInput.Put("liveness", "probe");

    public LinearizabilityResult Check(IReadOnlyList<Operation<KeyValueInput, KeyValueOutput>> history, CheckBudget budget) =>
        LinearizabilityChecker.Check(KeyValueModel.Instance, history, budget);

    private static KeyValueCommand ToCommand(KeyValueInput input) => input.Kind switch
    {
        KeyValueOperationKind.Put => KeyValueCommand.Put(input.Key, input.Value!),
        KeyValueOperationKind.Get => KeyValueCommand.Get(input.Key),
        KeyValueOperationKind.Delete => KeyValueCommand.Delete(input.Key),
        KeyValueOperationKind.CompareAndSwap => KeyValueCommand.CompareAndSwap(input.Key, input.Expected, input.Value!),
        _ => KeyValueCommand.Append(input.Key, input.Value!),
    };
}
