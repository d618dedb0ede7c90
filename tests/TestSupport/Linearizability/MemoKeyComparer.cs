namespace OrleansSync.TestSupport.Linearizability;

/// <summary>Compares (linearized set, state) pairs: the search never revisits an equal pair.</summary>
internal sealed class MemoKeyComparer<TState>(IEqualityComparer<TState> stateComparer) : IEqualityComparer<(Bitset Linearized, TState State)>
{
    public bool Equals((Bitset Linearized, TState State) x, (Bitset Linearized, TState State) y) =>
        x.Linearized.Equals(y.Linearized) && stateComparer.Equals(x.State, y.State);

    public int GetHashCode((Bitset Linearized, TState State) obj) =>
        HashCode.Combine(obj.Linearized.GetHashCode(), obj.State is null ? 0 : stateComparer.GetHashCode(obj.State));
}
