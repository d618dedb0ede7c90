using OrleansSync.Grains.Raft;

namespace OrleansSync.Simulation.Storage;

/// <summary>
/// An <see cref="IRaftLogStore"/> with a volatile write cache. Writes land in <see cref="Current"/>
/// at once and become durable on <see cref="Sync"/>. <see cref="Crash"/> keeps a random prefix of
/// the unsynced writes (a disk persists in order, but may stop anywhere) and loses the rest.
/// </summary>
internal class SimulatedDisk : IRaftLogStore
{
    private readonly List<Action<DiskImage>> _unsynced = [];
    private readonly DiskImage _durable = new();
    private bool _loaded;

    /// <summary>What the node wrote, synced or not: the node's view of its own storage.</summary>
    public DiskImage Current { get; private set; } = new();

    /// <summary>What survives a crash for sure.</summary>
    public DiskImage Durable => _durable;

    public int UnsyncedWriteCount => _unsynced.Count;

    public long SyncCount { get; private set; }

    public PersistedRaftState Load()
    {
        if (_loaded)
        {
            throw new InvalidOperationException("Load is called once per start.");
        }

        _loaded = true;
        return _durable.ToPersistedState();
    }

    public void Append(IReadOnlyList<LogEntry> entries)
    {
        // Copy: the caller may reuse its list, and the write is replayed on the durable image later.
        LogEntry[] copy = [.. entries];
        Write(image => image.Append(copy));
    }

    public virtual void SaveHardState(HardState hardState) => Write(image => image.SaveHardState(hardState));

    public void SaveSnapshot(RaftSnapshot snapshot) => Write(image => image.SaveSnapshot(snapshot));

    public virtual void Sync()
    {
        EnsureLoaded();
        SyncCount++;
        MakeDurable(_unsynced.Count);
    }

    /// <summary>
    /// The machine dies: a random prefix of the unsynced writes reaches the platter, the rest is lost.
    /// The disk can be loaded again afterwards.
    /// </summary>
    public void Crash(Random random)
    {
        MakeDurable(random.Next(_unsynced.Count + 1));
        _unsynced.Clear();
        Current = _durable.Clone();
        _loaded = false;
    }

    public void Dispose()
    {
    }

    /// <summary>Applies the oldest <paramref name="count"/> unsynced writes to the durable image.</summary>
    protected void MakeDurable(int count)
    {
        foreach (var write in _unsynced.Take(count))
        {
            write(_durable);
        }

        _unsynced.RemoveRange(0, count);
    }

    private void Write(Action<DiskImage> write)
    {
        EnsureLoaded();
        write(Current);
        _unsynced.Add(write);
    }

    private void EnsureLoaded()
    {
        if (!_loaded)
        {
            throw new InvalidOperationException("Load must be called before any write.");
        }
    }
}
