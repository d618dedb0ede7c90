using System.Text;

namespace OrleansSync.Grains.Locks.Client;

/// <summary>
/// Maps lock names to Raft groups by consistent hashing with virtual nodes, so that if the group
/// count changes only about 1/G of the names move. FNV-1a 64 over UTF-8, then a 64-bit finalizer
/// (FNV alone leaves the high bits of short, similar strings clustered, and the ring orders by them):
/// stable across processes and machines.
/// </summary>
public sealed class LockGroupMap
{
    private const int VirtualNodesPerGroup = 64;
    private readonly ulong[] _points;
    private readonly int[] _groups;

    public LockGroupMap(int groupCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(groupCount, 1);
        var ring = Enumerable.Range(0, groupCount)
            .SelectMany(group => Enumerable.Range(0, VirtualNodesPerGroup).Select(v => (Point: Hash($"group-{group}#{v}"), Group: group)))
            .OrderBy(p => p.Point)
            .ToArray();
        _points = [.. ring.Select(p => p.Point)];
        _groups = [.. ring.Select(p => p.Group)];
    }

    public int GroupOf(string lockName)
    {
        var point = Hash(lockName);
        var index = Array.BinarySearch(_points, point);
        index = index >= 0 ? index : ~index;
        return _groups[index == _points.Length ? 0 : index];
    }

    private static ulong Hash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        // SplitMix64 finalizer: every input bit affects every output bit.
        hash = (hash ^ (hash >> 30)) * 0xBF58476D1CE4E5B9UL;
        hash = (hash ^ (hash >> 27)) * 0x94D049BB133111EBUL;
        return hash ^ (hash >> 31);
    }
}
