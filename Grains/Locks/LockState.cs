using OrleansSync.Grains.Interfaces.Locks;

namespace OrleansSync.Grains.Locks;

/// <summary>One lock's holders and FIFO queue. A lock with neither is removed from the table.</summary>
internal sealed class LockState(string name)
{
    public string Name { get; } = name;

    public SortedDictionary<ulong, Holding> Holders { get; } = [];

    public LinkedList<Waiter> Waiters { get; } = new();

    public ulong LastFencingToken { get; set; }

    public bool IsIdle => Holders.Count == 0 && Waiters.Count == 0;

    /// <summary>Whether a new hold in <paramref name="mode"/> fits beside the current holders.</summary>
    public bool IsCompatible(LockMode mode) =>
        Holders.Count == 0 || (mode == LockMode.Shared && Holders.Values.All(h => h.Mode == LockMode.Shared));

    public LinkedListNode<Waiter>? FindWait(ulong waitId)
    {
        for (var node = Waiters.First; node is not null; node = node.Next)
        {
            if (node.Value.WaitId == waitId)
            {
                return node;
            }
        }

        return null;
    }
}
