using System.Collections.Concurrent;

namespace OrleansSync.Grains.Cluster;

/// <summary>
/// The members of each Raft group as the last read found them. Replicas are replaced under fresh
/// ids (ADR 0008), so after a few replacements none of the founding ids <c>0..R-1</c> is a member:
/// a reader that starts from them must chase hints through removed replicas every time, and finds
/// nothing once those are inert without a hint. Starting from the last known members costs one
/// round while the configuration holds still. Thread-safe; one entry per group, so bounded by the
/// group count.
/// </summary>
public sealed class RaftMemberMemory
{
    private readonly ConcurrentDictionary<int, int[]> _members = new();

    /// <summary>The members last remembered for <paramref name="group"/>, or none.</summary>
    public IReadOnlyList<int> MembersOf(int group) => _members.TryGetValue(group, out var members) ? members : [];

    /// <summary>Remembers the current members of <paramref name="group"/> (an empty set is not remembered: it would hide the founding ids).</summary>
    public void Remember(int group, IEnumerable<int> members)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(group);
        ArgumentNullException.ThrowIfNull(members);
        int[] sorted = [.. members.Distinct().Order()];
        if (sorted.Length > 0)
        {
            _members[group] = sorted;
        }
    }
}
