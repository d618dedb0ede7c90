using OrleansSync.Grains.Raft;

namespace OrleansSync.Grains.Tests.Raft;

/// <summary>A RaftNode with its storage and a trivial state machine: the list of applied commands.</summary>
internal sealed class TestPeer
{
    private readonly RaftOptions _options;
    private readonly ClusterConfiguration _bootstrap;
    private readonly int _seed;

    public TestPeer(ulong id, RaftOptions options, ClusterConfiguration bootstrap, int seed, TestStorage? storage = null)
    {
        Id = id;
        _options = options;
        _bootstrap = bootstrap;
        _seed = seed;
        Storage = storage ?? new TestStorage();
        Node = new RaftNode(id, options, new Random(seed), Storage.Load(), bootstrap);
    }

    public ulong Id { get; }

    public RaftNode Node { get; private set; }

    public TestStorage Storage { get; }

    /// <summary>Every committed entry handed out, in order (a replica's applied log).</summary>
    public List<LogEntry> Applied { get; } = [];

    /// <summary>The state machine restored from a snapshot: the commands it covered, as snapshot data.</summary>
    public List<RaftSnapshot> RestoredSnapshots { get; } = [];

    public List<ReadState> ReadStates { get; } = [];

    public List<SoftState> SoftStates { get; } = [];

    /// <summary>Commands applied since the last snapshot restore, as strings.</summary>
    public List<string> AppliedCommands => [.. Applied.Where(e => e.Kind == LogEntryKind.Command).Select(e => System.Text.Encoding.UTF8.GetString(e.Data.Span))];

    /// <summary>Runs one Ready through the host loop; returns the messages to send.</summary>
    public IReadOnlyList<RaftMessage> ProcessReady()
    {
        var ready = Node.GetReady();
        if (ready.Snapshot is not null)
        {
            Storage.SaveSnapshot(ready.Snapshot);
        }

        Storage.Append(ready.Entries);
        if (ready.HardState is { } hardState)
        {
            Storage.SaveHardState(hardState);
        }

        if (ready.Snapshot is not null)
        {
            RestoredSnapshots.Add(ready.Snapshot);
            Applied.Clear();
        }

        Applied.AddRange(ready.CommittedEntries);
        ReadStates.AddRange(ready.ReadStates);
        if (ready.SoftState is { } softState)
        {
            SoftStates.Add(softState);
        }

        Node.Advance(ready);
        return ready.Messages;
    }

    /// <summary>Crash and restart: volatile state is lost, the node recovers from its storage.</summary>
    public void Restart()
    {
        Applied.Clear();
        ReadStates.Clear();
        Node = new RaftNode(Id, _options, new Random(_seed + 1), Storage.Load(), _bootstrap);
        if (Storage.Snapshot is not null)
        {
            RestoredSnapshots.Add(Storage.Snapshot);
        }
    }
}
