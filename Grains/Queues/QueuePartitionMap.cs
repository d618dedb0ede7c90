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
    public const int MaxGroups = ConsistentHashRing.MaxGroups;
    public const int MaxVirtualNodesPerGroup = ConsistentHashRing.MaxVirtualNodesPerGroup;

    private readonly ConsistentHashRing _ring;

    public QueuePartitionMap(int groupCount, int virtualNodesPerGroup = DefaultVirtualNodesPerGroup)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(groupCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(groupCount, MaxGroups);
        ArgumentOutOfRangeException.ThrowIfLessThan(virtualNodesPerGroup, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(virtualNodesPerGroup, MaxVirtualNodesPerGroup);
        GroupCount = groupCount;
        VirtualNodesPerGroup = virtualNodesPerGroup;
        _ring = new ConsistentHashRing(groupCount, virtualNodesPerGroup, "group-");
    }

    public int GroupCount { get; }

    public int VirtualNodesPerGroup { get; }

    /// <summary>The group (0..<see cref="GroupCount"/>-1) hosting partition <paramref name="partition"/> of <paramref name="queue"/>.</summary>
    public int GroupOf(string queue, int partition)
    {
        ArgumentNullException.ThrowIfNull(queue);
        return _ring.GroupOf(PartitionName(queue, partition));
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
