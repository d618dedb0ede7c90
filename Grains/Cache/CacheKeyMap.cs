using OrleansSync.Grains.Hashing;

namespace OrleansSync.Grains.Cache;

/// <summary>
/// Maps cache keys to Raft groups by consistent hashing with virtual nodes, so that adding or
/// removing one of G groups moves only about 1/G of the keys (<see cref="ConsistentHashRing"/>):
/// stable across processes and machines. Pure; every silo and client computes the same map.
/// </summary>
internal sealed class CacheKeyMap
{
    public const int DefaultVirtualNodesPerGroup = 128;
    public const int MaxGroups = ConsistentHashRing.MaxGroups;
    public const int MaxVirtualNodesPerGroup = ConsistentHashRing.MaxVirtualNodesPerGroup;

    private readonly ConsistentHashRing _ring;

    public CacheKeyMap(IReadOnlyCollection<int> groupIds, int virtualNodesPerGroup = DefaultVirtualNodesPerGroup)
    {
        ArgumentNullException.ThrowIfNull(groupIds);
        _ring = new ConsistentHashRing(groupIds, virtualNodesPerGroup, "cache-group-");
        Groups = [.. groupIds.Order()];
    }

    /// <summary>The group ids, ascending.</summary>
    public IReadOnlyList<int> Groups { get; }

    /// <summary>The group owning <paramref name="key"/>: the first virtual node at or after the key's point, clockwise.</summary>
    public int GroupOf(string key) => _ring.GroupOf(key);
}
