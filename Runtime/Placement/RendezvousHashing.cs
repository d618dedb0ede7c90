using OrleansSync.Runtime.Transport;

namespace OrleansSync.Runtime.Placement;

/// <summary>Highest-random-weight hashing: ranks silos for a group; the top R hold its R replicas.</summary>
internal static class RendezvousHashing
{
    public static IReadOnlyList<SiloAddress> Rank(string group, IReadOnlyList<SiloAddress> silos)
    {
        var groupHash = StableHash.Hash(group);
        return [.. silos
            .Select(s => (Silo: s, Score: StableHash.Combine(groupHash, StableHash.Hash(s.Endpoint))))
            .OrderByDescending(x => x.Score)
            .ThenBy(x => x.Silo.Endpoint, StringComparer.Ordinal)
            .Select(x => x.Silo)];
    }
}
