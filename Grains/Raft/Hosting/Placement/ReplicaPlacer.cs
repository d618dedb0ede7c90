using OrleansSync.Grains.Hashing;

namespace OrleansSync.Grains.Raft.Hosting.Placement;

/// <summary>
/// Where a new replica of a Raft group goes: the silo endpoint with the highest rendezvous
/// (highest-random-weight) score for <c>(grain type, group, replica id)</c>.
/// </summary>
/// <remarks>
/// Orleans asks the placement director only when a replica id has no activation, and then keeps it
/// where it is: survivors never move and a joining silo attracts nothing (ADR 0011). So rendezvous
/// decides only where a replica is born. Distinctness within a group is not guaranteed by that
/// alone: the group's leader repairs co-located replicas by replacing one with a fresh replica id
/// chosen so that it lands on a silo free of the group (<see cref="FreshReplicaOn"/>). Pure: every
/// silo computes the same answer from the same endpoints.
/// </remarks>
internal static class ReplicaPlacer
{
    /// <summary>The endpoint (among <paramref name="endpoints"/>) that replica <paramref name="replica"/> of <paramref name="group"/> prefers most, or null if there is none.</summary>
    public static string? PreferredEndpoint(string grainType, string group, int replica, IEnumerable<string> endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var key = KeyHash(grainType, group, replica);
        string? best = null;
        ulong bestScore = 0;
        foreach (var endpoint in endpoints)
        {
            var score = DeterministicHash.Combine(key, DeterministicHash.Hash(endpoint));
            if (best is null || score > bestScore || (score == bestScore && string.CompareOrdinal(endpoint, best) < 0))
            {
                best = endpoint;
                bestScore = score;
            }
        }

        return best;
    }

    /// <summary>
    /// The smallest replica id above <paramref name="above"/> (at most <paramref name="maxCandidates"/> tried) whose
    /// most preferred endpoint among <paramref name="competitors"/> is one of <paramref name="targets"/>, or -1.
    /// </summary>
    public static int FreshReplicaOn(
        string grainType, string group, int above, IReadOnlySet<string> targets, IReadOnlyCollection<string> competitors, int maxCandidates)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(competitors);
        var endpoints = competitors.Concat(targets).Distinct(StringComparer.Ordinal).ToList();
        for (var candidate = above + 1; candidate > above && candidate - above <= maxCandidates; candidate++)
        {
            if (PreferredEndpoint(grainType, group, candidate, endpoints) is { } preferred && targets.Contains(preferred))
            {
                return candidate;
            }
        }

        return -1;
    }

    private static ulong KeyHash(string grainType, string group, int replica) =>
        DeterministicHash.Combine(DeterministicHash.Hash(grainType + "/" + group), (ulong)replica);
}
