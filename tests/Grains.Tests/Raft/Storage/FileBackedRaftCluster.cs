using OrleansSync.Grains.Raft;
using OrleansSync.Grains.Raft.StateMachines;
using OrleansSync.Grains.Raft.Storage;

namespace OrleansSync.Grains.Tests.Raft.Storage;

/// <summary>
/// Three <see cref="RaftNode"/>s, each on a <see cref="FileRaftLogStore"/> in its own directory with
/// a key-value machine behind sessions, run through the Ready loop in-process. Nodes can crash (the
/// store is closed, losing unsynced writes; optionally in the middle of a Ready, after writing and
/// before syncing) and restart from their directory.
/// </summary>
internal sealed class FileBackedRaftCluster : IDisposable
{
    public const int NodeCount = 3;
    private const int CompactEveryEntries = 25;
    private const int MaxDeliveriesPerStabilize = 100_000;

    private static readonly FileRaftLogStoreOptions StoreOptions = new() { SegmentSizeBytes = 4096, WriteBufferSizeBytes = 4096 };

    private readonly string _root;
    private readonly Random _random;
    private readonly RaftOptions _options = new() { ElectionTimeoutTicks = 10 };
    private readonly ClusterConfiguration _bootstrap = new([1, 2, 3]);
    private readonly Replica?[] _replicas = new Replica?[NodeCount + 1];
    private readonly Queue<RaftMessage> _network = new();
    private int _crashes;
    private int _starts;
    private int _snapshotsInstalled;

    public FileBackedRaftCluster(string root, int seed)
    {
        _root = root;
        _random = new Random(seed);
        for (ulong id = 1; id <= NodeCount; id++)
        {
            Start(id);
        }
    }

    /// <summary>Results the current leader computed, by log index (a client's view of commits).</summary>
    public Dictionary<ulong, (ulong Term, SessionResult Result)> LeaderResults { get; } = [];

    /// <summary>Crash a node once it has written a Ready's entries but before it syncs (set by tests).</summary>
    public ulong CrashBeforeSyncNode { get; set; }

    /// <summary>Crashes, restarts and snapshots installed from a leader so far (tests print these).</summary>
    public (int Crashes, int Restarts, int SnapshotsInstalled) Faults => (_crashes, _starts - NodeCount, _snapshotsInstalled);

    public IEnumerable<SessionStateMachine> Machines => _replicas.Where(replica => replica is not null).Select(replica => replica!.Machine);

    public RaftNode? Leader => _replicas.FirstOrDefault(replica => replica?.Node.Role == RaftRole.Leader)?.Node;

    public bool IsRunning(ulong id) => _replicas[id] is not null;

    public void Start(ulong id)
    {
        var store = new FileRaftLogStore(Path.Combine(_root, $"node{id}"), StoreOptions);
        var state = store.Load();
        var machine = new SessionStateMachine(new KeyValueStateMachine());
        if (state.Snapshot is not null)
        {
            machine.Restore(state.Snapshot.Data);
        }

        var node = new RaftNode(id, _options, new Random(_random.Next()), state, _bootstrap);
        _starts++;
        _replicas[id] = new Replica(node, store, machine);
    }

    public void Crash(ulong id)
    {
        _crashes += _replicas[id] is null ? 0 : 1;
        _replicas[id]?.Store.Dispose();
        _replicas[id] = null;
    }

    public void Dispose()
    {
        for (ulong id = 1; id <= NodeCount; id++)
        {
            Crash(id);
        }
    }

    /// <summary>Ticks every running node and stabilizes until some node leads and has committed in its term.</summary>
    public RaftNode ElectLeader(int maxTicks = 500)
    {
        for (var tick = 0; tick < maxTicks; tick++)
        {
            Tick();
            if (Leader is { } leader && leader.CommitIndex >= leader.LastIndex)
            {
                return leader;
            }
        }

        throw new InvalidOperationException($"No leader after {maxTicks} ticks. {Describe()}");
    }

    /// <summary>Ticks every running node once, then stabilizes.</summary>
    public void Tick()
    {
        foreach (var replica in _replicas.Where(replica => replica is not null))
        {
            replica!.Node.Tick();
        }

        Stabilize();
    }

    /// <summary>Each running node's role and log positions, for failure messages.</summary>
    public string Describe() => string.Join("; ", _replicas.Where(replica => replica is not null).Select(replica =>
        $"node {replica!.Node.Id}: {replica.Node.Role} term {replica.Node.Term} last {replica.Node.LastIndex} commit {replica.Node.CommitIndex} applied {replica.Node.AppliedIndex} snapshot {replica.Node.SnapshotIndex}"));

    public void Stabilize()
    {
        for (var deliveries = 0; deliveries < MaxDeliveriesPerStabilize;)
        {
            foreach (var replica in _replicas.Where(replica => replica is not null).ToList())
            {
                while (_replicas[replica!.Node.Id] is not null && replica.Node.HasReady)
                {
                    ProcessReady(replica);
                }
            }

            if (_network.Count == 0)
            {
                return;
            }

            while (_network.TryDequeue(out var message))
            {
                deliveries++;
                _replicas[message.To]?.Node.Step(message);
            }
        }

        throw new InvalidOperationException($"The cluster did not go quiet within {MaxDeliveriesPerStabilize} deliveries.");
    }

    private void ProcessReady(Replica replica)
    {
        var ready = replica.Node.GetReady();
        if (ready.Snapshot is not null)
        {
            replica.Store.SaveSnapshot(ready.Snapshot);
        }

        replica.Store.Append(ready.Entries);
        if (ready.HardState is { } hardState)
        {
            replica.Store.SaveHardState(hardState);
        }

        if (CrashBeforeSyncNode == replica.Node.Id && ready.Entries.Count > 0 && _replicas.Count(running => running is not null) == NodeCount)
        {
            CrashBeforeSyncNode = NodeId.None;
            Crash(replica.Node.Id);
            return;
        }

        if (ready.MustSync)
        {
            replica.Store.Sync();
        }

        foreach (var message in ready.Messages)
        {
            _network.Enqueue(message);
        }

        if (ready.Snapshot is not null)
        {
            replica.Machine.Restore(ready.Snapshot.Data);
            _snapshotsInstalled++;
        }

        Apply(replica, ready.CommittedEntries);
        replica.Node.Advance(ready);
        CompactIfDue(replica);
    }

    private void Apply(Replica replica, IReadOnlyList<LogEntry> entries)
    {
        foreach (var entry in entries.Where(entry => entry.Kind == LogEntryKind.Command))
        {
            var result = SessionResultCodec.Decode(replica.Machine.Apply(entry.Index, entry.Data).Span);
            if (replica.Node.Role == RaftRole.Leader)
            {
                LeaderResults[entry.Index] = (entry.Term, result);
            }
        }
    }

    private static void CompactIfDue(Replica replica)
    {
        if (replica.Node.AppliedIndex < replica.Node.SnapshotIndex + CompactEveryEntries)
        {
            return;
        }

        var snapshot = replica.Node.CompactLog(replica.Node.AppliedIndex, replica.Machine.Snapshot());
        replica.Store.SaveSnapshot(snapshot);
        replica.Store.Sync();
    }

    private sealed class Replica(RaftNode node, FileRaftLogStore store, SessionStateMachine machine)
    {
        public RaftNode Node { get; } = node;

        public FileRaftLogStore Store { get; } = store;

        public SessionStateMachine Machine { get; } = machine;
    }
}
