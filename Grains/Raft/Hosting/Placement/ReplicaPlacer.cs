using OrleansSync.Grains.Hashing;

namespace OrleansSync.Grains.Raft.Hosting.Placement;

/// <summary>
/// Where a new replica of a Raft group goes: the group ranks the silo endpoints by their rendezvous
/// (highest-random-weight) score for <c>(grain type, group)</c>, and replica id <c>r</c> takes the
/// endpoint at rank <c>r mod n</c>. So the first n replica ids of a group land on n distinct silos,
/// and the groups' rankings differ, which spreads the groups' replicas (and leaders) over the silos.
/// </summary>
/// <remarks>
/// Orleans asks the placement director only when a replica id has no activation, and then keeps it
/// where it is: survivors never move and a joining silo attracts nothing (ADR 0011). So the ranking
/// decides only where a replica is born. A group born while fewer silos than replicas were active
/// (the first silo of a cluster, alone for a moment) still shares silos: the group's leader repairs
/// that by replacing one with a fresh replica id chosen so that it lands on a silo free of the group
/// (<see cref="FreshReplicaOn"/>). Pure: every silo computes the same answer from the same endpoints.
/// </remarks>
internal static class ReplicaPlacer
{
    /// <summary>The endpoint (among <paramref name="endpoints"/>) that replica <paramref name="replica"/> of <paramref name="group"/> is born on, or null if there is none.</summary>
    public static string? PreferredEndpoint(string grainType, string group, int replica, IEnumerable<string> endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentOutOfRangeException.ThrowIfNegative(replica);
        var ranked = Rank(grainType, group, endpoints);
        return ranked.Count == 0 ? null : ranked[replica % ranked.Count];
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

    /// <summary>The distinct endpoints by descending rendezvous score for the group (ties by ordinal name).</summary>
    private static List<string> Rank(string grainType, string group, IEnumerable<string> endpoints)
    {
        var key = DeterministicHash.Hash(grainType + "/" + group);
        return endpoints
            .Distinct(StringComparer.Ordinal)
            .Select(endpoint => (Endpoint: endpoint, Score: DeterministicHash.Combine(key, DeterministicHash.Hash(endpoint))))
            .OrderByDescending(ranked => ranked.Score)
            .ThenBy(ranked => ranked.Endpoint, StringComparer.Ordinal)
            .Select(ranked => ranked.Endpoint)
            .ToList();
    }
}
