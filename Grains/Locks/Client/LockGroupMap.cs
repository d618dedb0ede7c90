using OrleansSync.Grains.Hashing;

namespace OrleansSync.Grains.Locks.Client;

/// <summary>
/// Maps lock names to Raft groups by consistent hashing with virtual nodes
/// (<see cref="ConsistentHashRing"/>), so that if the group count changes only about 1/G of the
/// names move. Stable across processes and machines.
/// </summary>
public sealed class LockGroupMap
{
    private const int VirtualNodesPerGroup = 64;
    private readonly ConsistentHashRing _ring;

    public LockGroupMap(int groupCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(groupCount, 1);
        _ring = new ConsistentHashRing(groupCount, VirtualNodesPerGroup, "group-");
    }

    public int GroupOf(string lockName) => _ring.GroupOf(lockName);
}
