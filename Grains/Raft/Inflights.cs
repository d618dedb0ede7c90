namespace OrleansSync.Grains.Raft;

/// <summary>
/// The last index of each AppendEntries sent to one follower and not yet acknowledged, oldest
/// first, in a fixed-size ring: the flow-control window of pipelined replication.
/// </summary>
internal sealed class Inflights
{
    private readonly ulong[] _lastIndexes;
    private int _start;

    public Inflights(int capacity)
    {
        RaftAssert.That(capacity > 0, "in-flight capacity is positive");
        _lastIndexes = new ulong[capacity];
    }

    public int Count { get; private set; }

    public bool IsFull => Count == _lastIndexes.Length;

    public void Add(ulong lastIndex)
    {
        RaftAssert.That(!IsFull, "no append is sent while the in-flight window is full");
        RaftAssert.That(Count == 0 || lastIndex > _lastIndexes[(_start + Count - 1) % _lastIndexes.Length], "in-flight indexes increase");
        _lastIndexes[(_start + Count) % _lastIndexes.Length] = lastIndex;
        Count++;
    }

    /// <summary>Forgets every message whose entries end at or before <paramref name="index"/> (acknowledged).</summary>
    public void FreeUpTo(ulong index)
    {
        while (Count > 0 && _lastIndexes[_start] <= index)
        {
            _start = (_start + 1) % _lastIndexes.Length;
            Count--;
        }
    }

    /// <summary>Forgets the oldest message, so that a lost one cannot stall the window for ever.</summary>
    public void FreeOldest()
    {
        if (Count > 0)
        {
            _start = (_start + 1) % _lastIndexes.Length;
            Count--;
        }
    }

    public void Clear()
    {
        _start = 0;
        Count = 0;
    }
}
