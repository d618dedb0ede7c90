using OrleansSync.TestSupport.Linearizability;
using OrleansSync.TestSupport.Linearizability.Models;

namespace OrleansSync.Simulation.Workloads;

/// <summary>Key-value clients over a few contended keys, checked against <see cref="KeyValueModel"/>.</summary>
internal sealed class KeyValueWorkload(Random random, int keyCount) : IWorkload<KeyValueInput, KeyValueOutput>
{
    private readonly KeyValueOperationGenerator _generator = new(random, keyCount);

    public string Name => "kv";

    public KeyValueInput NextOperation(int clientId) => _generator.Next(clientId);

    public bool IsRead(KeyValueInput input) => input.Kind == KeyValueOperationKind.Get;

    public ReadOnlyMemory<byte> EncodeCommand(ulong sessionId, ulong sequence, KeyValueInput input) =>
        KeyValueCommandCodec.Encode(sessionId, sequence, input);

    public IWorkloadReplica<KeyValueInput, KeyValueOutput> CreateReplica() => new KeyValueReplica();

    public KeyValueInput LivenessProbe() => KeyValueInput.Put("liveness", "probe");

    public LinearizabilityResult Check(IReadOnlyList<Operation<KeyValueInput, KeyValueOutput>> history, CheckBudget budget) =>
        LinearizabilityChecker.Check(KeyValueModel.Instance, history, budget);
}
