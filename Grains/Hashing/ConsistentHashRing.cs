using System.Globalization;

namespace OrleansSync.Grains.Hashing;

/// <summary>
/// A consistent-hash ring of Raft groups with virtual nodes: each group owns the points
/// <c>Hash("{pointPrefix}{group}#{v}")</c>, and a name belongs to the group of the first point at or
/// after its hash, wrapping. Adding or removing one of G groups moves about 1/G of the names. Ties
/// between two groups' points go to the smaller group id. Pure: every silo and client agrees.
/// </summary>
internal sealed class ConsistentHashRing
{
    public const int MaxGroups = 4_096;
    public const int MaxVirtualNodesPerGroup = 1_024;

    private readonly ulong[] _points;
    private readonly int[] _groups;

    public ConsistentHashRing(IReadOnlyCollection<int> groupIds, int virtualNodesPerGroup, string pointPrefix)
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

        var ring = groupIds
            .SelectMany(group => Enumerable.Range(0, virtualNodesPerGroup)
                .Select(v => (Point: DeterministicHash.Hash(string.Create(CultureInfo.InvariantCulture, $"{pointPrefix}{group}#{v}")), Group: group)))
            .OrderBy(p => p.Point)
            .ThenBy(p => p.Group)
            .ToArray();
        _points = [.. ring.Select(p => p.Point)];
        _groups = [.. ring.Select(p => p.Group)];
    }

    /// <summary>The groups 0..<paramref name="groupCount"/>-1.</summary>
    public ConsistentHashRing(int groupCount, int virtualNodesPerGroup, string pointPrefix)
        : this(Enumerable.Range(0, groupCount > 0 ? groupCount : throw new ArgumentOutOfRangeException(nameof(groupCount))).ToArray(), virtualNodesPerGroup, pointPrefix)
    {
    }

    /// <summary>The group owning <paramref name="name"/>.</summary>
    public int GroupOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var point = DeterministicHash.Hash(name);
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
}
