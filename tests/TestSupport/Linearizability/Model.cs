namespace OrleansSync.TestSupport.Linearizability;

/// <summary>
/// A sequential specification for the linearizability checker. States must be immutable values:
/// the checker memoizes them, so <see cref="StateComparer"/> must compare by value.
/// </summary>
public abstract class Model<TState, TInput, TOutput>
{
    /// <summary>The state before any operation.</summary>
    public abstract TState Init();

    /// <summary>
    /// Applies a completed operation: whether <paramref name="output"/> is a legal answer to
    /// <paramref name="input"/> in <paramref name="state"/>, and the state after it.
    /// </summary>
    public abstract (bool Ok, TState Next) Step(TState state, TInput input, TOutput output);

    /// <summary>
    /// Applies a pending operation that took effect but whose answer nobody saw: the state after it.
    /// </summary>
    public abstract TState StepPending(TState state, TInput input);

    /// <summary>
    /// Whether a pending operation can be dropped from the history because it never changes the
    /// state (a read). Dropping such operations shrinks the search.
    /// </summary>
    public virtual bool IsReadOnly(TInput input) => false;

    /// <summary>
    /// The independent object an operation touches (P-compositionality: a history is
    /// linearizable iff the sub-history of each object is). Default: one object.
    /// </summary>
    public virtual string PartitionKey(TInput input) => string.Empty;

    /// <summary>Compares states by value, for memoization.</summary>
    public virtual IEqualityComparer<TState> StateComparer => EqualityComparer<TState>.Default;

    /// <summary>A short human-readable rendering of an operation, for explanations.</summary>
    public virtual string Describe(TInput input, TOutput? output, bool pending) =>
        pending ? $"{input} -> (pending)" : $"{input} -> {output}";
}
