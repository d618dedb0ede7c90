using OrleansSync.Runtime.Transport;

namespace OrleansSync.Runtime.Placement;

/// <summary>
/// Where a replica of a <see cref="ReplicaPlacementAttribute"/> grain lives: the silo with the
/// highest rendezvous (highest-random-weight) score for <c>(grain type, group, replica id)</c>.
/// </summary>
/// <remarks>
/// Each replica id has its own fixed preference order over silo endpoints and takes the first
/// active one, so a silo that leaves moves only the replicas it hosted and a silo that joins
/// attracts only the replicas that prefer it (ADR 0008). Distinctness within a group is not
/// guaranteed by placement alone: the group's leader repairs co-located replicas by replacing one
/// with a fresh replica id chosen so that it lands on a silo free of the group
/// (<see cref="FreshReplicaOn"/>). Pure: every silo computes the same answer from the same endpoints.
/// </remarks>
public static class ReplicaPlacer
{
    /// <summary>The silo that hosts replica <paramref name="replica"/> of <paramref name="group"/>, or null if there is none.</summary>
    public static SiloAddress? Place(string grainType, string group, int replica, IReadOnlyList<SiloAddress> silos)
    {
        ArgumentNullException.ThrowIfNull(silos);
        var key = KeyHash(grainType, group, replica);
        SiloAddress? best = null;
        ulong bestScore = 0;
        foreach (var silo in silos)
        {
            var score = StableHash.Combine(key, StableHash.Hash(silo.Endpoint));
            if (best is null || score > bestScore || (score == bestScore && string.CompareOrdinal(silo.Endpoint, best.Endpoint) < 0))
            {
                best = silo;
                bestScore = score;
            }
        }

        return best;
    }

    /// <summary>The endpoint among <paramref name="endpoints"/> that replica <paramref name="replica"/> prefers most, or null if there is none.</summary>
    public static string? PreferredEndpoint(string grainType, string group, int replica, IEnumerable<string> endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return Place(grainType, group, replica, [.. endpoints.Distinct(StringComparer.Ordinal).Select(e => new SiloAddress(e, 0))])?.Endpoint;
    }

    /// <summary>
    /// The smallest replica id above <paramref name="above"/> (at most <paramref name="maxCandidates"/> tried) whose
    /// most preferred endpoint among <paramref name="competitors"/> is one of <paramref name="targets"/>, or -1.
    /// Counting departed silos among the competitors keeps the new replica where it is put when one of them returns.
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
        StableHash.Combine(StableHash.Hash(grainType + "/" + group), (ulong)replica);
}
