namespace OrleansSync.TestSupport.Linearizability.Models;

/// <summary>
/// A map from keys to string values, one register per key (the partition). The state of one
/// partition is the key's value, null when absent.
/// </summary>
public sealed class KeyValueModel : Model<string?, KeyValueInput, KeyValueOutput>
{
    public static KeyValueModel Instance { get; } = new();

    public override string? Init() => null;

    public override (bool Ok, string? Next) Step(string? state, KeyValueInput input, KeyValueOutput output)
    {
        var next = StepPending(state, input);
        var swapped = state == input.Expected;
        var ok = input.Kind switch
        {
            KeyValueOperationKind.Put => output.Succeeded && output.Value == state,
            KeyValueOperationKind.Get or KeyValueOperationKind.Delete => output.Succeeded == (state is not null) && output.Value == state,
            KeyValueOperationKind.CompareAndSwap => output.Succeeded == swapped && output.Value == (swapped ? input.Value : state),
            KeyValueOperationKind.Append => output.Succeeded && output.Value == next,
            _ => false,
        };
        return (ok, next);
    }

    public override string? StepPending(string? state, KeyValueInput input) => input.Kind switch
    {
        KeyValueOperationKind.Put => input.Value,
        KeyValueOperationKind.Delete => null,
        KeyValueOperationKind.CompareAndSwap => state == input.Expected ? input.Value : state,
        KeyValueOperationKind.Append => (state ?? string.Empty) + input.Value,
        _ => state,
    };

    public override bool IsReadOnly(KeyValueInput input) => input.Kind == KeyValueOperationKind.Get;

    public override string PartitionKey(KeyValueInput input) => input.Key;

    public override IEqualityComparer<string?> StateComparer => StringComparer.Ordinal;

    public override string Describe(KeyValueInput input, KeyValueOutput? output, bool pending) =>
        pending ? $"{input} -> (pending)" : $"{input} -> {output}";
}
