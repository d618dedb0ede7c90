using System.Globalization;

using OrleansSync.Grains.Hashing;

namespace OrleansSync.Grains.Queues;

/// <summary>
/// Places queue partitions on Raft groups: a consistent-hash ring with <see cref="VirtualNodesPerGroup"/>
/// points per group; partition <c>{queue}/{p}</c> lives in the group owning the first point at or
/// after its hash (wrapping). Pure and deterministic (<see cref="DeterministicHash"/>), so every silo and
/// client computes the same placement. When the group count changes, only the partitions whose
/// nearest point changed move: going from G to G+1 groups moves about 1/(G+1) of them, all to the new group.
/// </summary>
public sealed class QueuePartitionMap
{
    public const int DefaultVirtualNodesPerGroup = 256;
    public const int MaxGroups = 4_096;
    public const int MaxVirtualNodesPerGroup = 1_024;

    private readonly ulong[] _points;
    private readonly int[] _owners;

    public QueuePartitionMap(int groupCount, int virtualNodesPerGroup = DefaultVirtualNodesPerGroup)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(groupCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(groupCount, MaxGroups);
        ArgumentOutOfRangeException.ThrowIfLessThan(virtualNodesPerGroup, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(virtualNodesPerGroup, MaxVirtualNodesPerGroup);
        GroupCount = groupCount;
        VirtualNodesPerGroup = virtualNodesPerGroup;
        var ring = new List<(ulong Point, int Group)>(groupCount * virtualNodesPerGroup);
        for (var group = 0; group < groupCount; group++)
        {
            for (var node = 0; node < virtualNodesPerGroup; node++)
            {
                ring.Add((DeterministicHash.Hash(string.Create(CultureInfo.InvariantCulture, $"group-{group}#{node}")), group));
            }
        }

        ring.Sort();
        _points = [.. ring.Select(r => r.Point)];
        _owners = [.. ring.Select(r => r.Group)];
    }

    public int GroupCount { get; }

    public int VirtualNodesPerGroup { get; }

    /// <summary>The group (0..<see cref="GroupCount"/>-1) hosting partition <paramref name="partition"/> of <paramref name="queue"/>.</summary>
    public int GroupOf(string queue, int partition)
    {
        ArgumentNullException.ThrowIfNull(queue);
        var hash = DeterministicHash.Hash(PartitionName(queue, partition));
        var at = Array.BinarySearch(_points, hash);
        at = at >= 0 ? at : ~at;
        return _owners[at == _points.Length ? 0 : at];
    }

    /// <summary>The name <c>{queue}/{p}</c> of a partition (queue names hold no '/').</summary>
    public static string PartitionName(string queue, int partition) => string.Create(CultureInfo.InvariantCulture, $"{queue}/{partition}");

    /// <summary>
    /// The partition a message goes to: by its partition key if it has one; else by its dedup id (so
    /// that repeats of one dedup id meet in the same partition, where dedup is enforced); else
    /// round-robin by the sender's counter.
    /// </summary>
    public static int PartitionOf(string? partitionKey, string? dedupId, int partitions, ulong roundRobinCounter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        var key = partitionKey ?? dedupId;
        return key is null ? (int)(roundRobinCounter % (ulong)partitions) : (int)(DeterministicHash.Hash(key) % (ulong)partitions);
    }
}
