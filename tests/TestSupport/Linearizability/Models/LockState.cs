using System.Collections.Immutable;

namespace OrleansSync.TestSupport.Linearizability.Models;

/// <summary>
/// The state of one lock: its exclusive holder or its shared holders (never both), and the
/// highest fencing token granted so far. Compared by value.
/// </summary>
public sealed record LockState(string? ExclusiveOwner, ImmutableSortedSet<string> SharedOwners, long LastFencingToken)
{
    public static LockState Free { get; } = new(null, ImmutableSortedSet.Create<string>(StringComparer.Ordinal), 0);

    public bool IsHeldBy(string owner) => ExclusiveOwner == owner || SharedOwners.Contains(owner);

    public bool Equals(LockState? other) =>
        other is not null && ExclusiveOwner == other.ExclusiveOwner && LastFencingToken == other.LastFencingToken
        && SharedOwners.SequenceEqual(other.SharedOwners, StringComparer.Ordinal);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(ExclusiveOwner, StringComparer.Ordinal);
        hash.Add(LastFencingToken);
        foreach (var owner in SharedOwners)
        {
            hash.Add(owner, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }
}
