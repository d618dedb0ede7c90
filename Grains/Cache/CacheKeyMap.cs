using System.Text;

namespace OrleansSync.Grains.Cache;

/// <summary>
/// Maps cache keys to Raft groups by consistent hashing with virtual nodes, so that adding or
/// removing one of G groups moves only about 1/G of the keys. FNV-1a 64 over UTF-8, then the
/// SplitMix64 finalizer (FNV alone clusters the high bits of short, similar strings): stable
/// across processes and machines. Pure; every silo and client computes the same map.
/// </summary>
internal sealed class CacheKeyMap
{
    public const int DefaultVirtualNodesPerGroup = 128;
    public const int MaxGroups = 4_096;
    public const int MaxVirtualNodesPerGroup = 1_024;

    private readonly ulong[] _points;
    private readonly int[] _groups;

    public CacheKeyMap(IReadOnlyCollection<int> groupIds, int virtualNodesPerGroup = DefaultVirtualNodesPerGroup)
    {
        ArgumentNullException.ThrowIfNull(groupIds);
        ArgumentOutOfRangeException.ThrowIfLessThan(groupIds.Count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(groupIds.Count, MaxGroups);
        ArgumentOutOfRangeException.ThrowIfLessThan(virtualNodesPerGroup, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(virtualNodesPerGroup, MaxVirtualNodesPerGroup);
        if (groupIds.Distinct().Count() != groupIds.Count)
        {
            throw new ArgumentException("Group ids must be distinct.", nameof(groupIds));
        }

        // Ties between two groups' points (astronomically rare) go to the smaller group id, deterministically.
        var ring = groupIds
            .SelectMany(group => Enumerable.Range(0, virtualNodesPerGroup).Select(v => (Point: Hash($"cache-group-{group}#{v}"), Group: group)))
            .OrderBy(p => p.Point)
            .ThenBy(p => p.Group)
            .ToArray();
        _points = [.. ring.Select(p => p.Point)];
        _groups = [.. ring.Select(p => p.Group)];
        Groups = [.. groupIds.Order()];
    }

    /// <summary>The group ids, ascending.</summary>
    public IReadOnlyList<int> Groups { get; }

    /// <summary>The group owning <paramref name="key"/>: the first virtual node at or after the key's point, clockwise.</summary>
    public int GroupOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var point = Hash(key);
        var index = Array.BinarySearch(_points, point);
        if (index < 0)
        {
            index = ~index;
        }
        else
        {
            // With duplicate points BinarySearch may land on any of them; take the first.
            while (index > 0 && _points[index - 1] == point)
            {
                index--;
            }
        }

        return _groups[index == _points.Length ? 0 : index];
    }

    internal static ulong Hash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        hash = (hash ^ (hash >> 30)) * 0xBF58476D1CE4E5B9UL;
        hash = (hash ^ (hash >> 27)) * 0x94D049BB133111EBUL;
        return hash ^ (hash >> 31);
    }
}
