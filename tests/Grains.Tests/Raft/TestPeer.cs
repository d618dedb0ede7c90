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

    /// <summary>Snapshots this peer's state machine was restored from.</summary>
    public List<RaftSnapshot> RestoredSnapshots { get; } = [];

    /// <summary>The state machine: every command applied, including those a restored snapshot covered.</summary>
    public List<string> AppliedCommands { get; private set; } = [];

    public List<ReadState> ReadStates { get; } = [];

    /// <summary>Called for every entry applied (checkers hook in here).</summary>
    public Action<ulong, LogEntry>? OnApply { get; set; }

    public List<SoftState> SoftStates { get; } = [];

    /// <summary>Snapshots the state machine at the applied index, compacts the node's log and saves the snapshot.</summary>
    public RaftSnapshot Compact()
    {
        var snapshot = Node.CompactLog(Node.AppliedIndex, EncodeState(AppliedCommands));
        Storage.SaveSnapshot(snapshot);
        return snapshot;
    }

    private static byte[] EncodeState(List<string> commands) => System.Text.Encoding.UTF8.GetBytes(string.Join('\n', commands));

    private static List<string> DecodeState(RaftSnapshot snapshot) =>
        snapshot.Data.Length == 0 ? [] : [.. System.Text.Encoding.UTF8.GetString(snapshot.Data.Span).Split('\n')];

    private void Apply(IReadOnlyList<LogEntry> entries)
    {
        foreach (var entry in entries)
        {
            Applied.Add(entry);
            OnApply?.Invoke(Id, entry);
            if (entry.Kind == LogEntryKind.Command)
            {
                AppliedCommands.Add(System.Text.Encoding.UTF8.GetString(entry.Data.Span));
            }
        }
    }

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
            AppliedCommands = DecodeState(ready.Snapshot);
        }

        Apply(ready.CommittedEntries);
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
        ReadStates.Clear();
        Applied.Clear();
        Node = new RaftNode(Id, _options, new Random(_seed + 1), Storage.Load(), _bootstrap);
        AppliedCommands = Storage.Snapshot is null ? [] : DecodeState(Storage.Snapshot);
    }
}
