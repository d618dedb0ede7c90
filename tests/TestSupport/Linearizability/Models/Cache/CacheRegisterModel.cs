namespace OrleansSync.TestSupport.Linearizability.Models.Cache;

/// <summary>
/// A versioned register per key (the partition), as the coherent cache promises: a read returns
/// the last write's value and version; every write gives a version above the key's previous one
/// (versions come from one counter per directory, so the model checks order, not exact numbers);
/// a delete leaves version 0; a compare-and-set succeeds exactly when the version matches.
/// </summary>
public sealed class CacheRegisterModel : Model<CacheRegisterState, CacheInput, CacheOutput>
{
    public static CacheRegisterModel Instance { get; } = new();

    public override CacheRegisterState Init() => new(null, 0);

    public override (bool Ok, CacheRegisterState Next) Step(CacheRegisterState state, CacheInput input, CacheOutput output)
    {
        if (output.Refused)
        {
            return (true, state);
        }

        switch (input.Kind)
        {
            case CacheOperationKind.Get:
                var readOk = output.Value == state.Value && (state.Version is not { } known || known == output.Version) && output.Swapped;
                return (readOk, state with { Version = output.Version });
            case CacheOperationKind.Put:
                return (output.Swapped && output.Value == input.Value && Above(state, output.Version), new(input.Value, output.Version));
            case CacheOperationKind.Delete:
                return (output.Swapped && output.Value is null && output.Version == 0, new(null, 0));
            default:
                if (output.Swapped)
                {
                    var matches = state.Version is not { } version || version == input.ExpectedVersion;
                    return (matches && output.Value == input.Value && Above(state, output.Version), new(input.Value, output.Version));
                }

                var differs = state.Version is not { } current || (current != input.ExpectedVersion && current == output.Version);
                return (differs, state with { Version = output.Version });
        }
    }

    public override CacheRegisterState StepPending(CacheRegisterState state, CacheInput input) => input.Kind switch
    {
        CacheOperationKind.Put => new(input.Value, null),
        CacheOperationKind.Delete => new(null, 0),

        // A pending compare-and-set that took effect swapped (a failed one has no effect, like dropping it).
        CacheOperationKind.CompareAndSet => new(input.Value, null),
        _ => state,
    };

    public override bool IsReadOnly(CacheInput input) => input.Kind == CacheOperationKind.Get;

    public override string PartitionKey(CacheInput input) => input.Key;

    private static bool Above(CacheRegisterState state, ulong version) => version > 0 && (state.Version is not { } known || version > known);
}
