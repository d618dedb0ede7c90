using System.Diagnostics;
using System.Globalization;
using OrleansSync.Grains.Raft;
using OrleansSync.Grains.Raft.StateMachines;
using OrleansSync.Grains.Raft.Storage;

namespace OrleansSync.Benchmarks;

/// <summary>
/// Committed proposals per second of a 3-node in-process Raft group (RaftNode + MemoryRaftLogStore,
/// a key-value machine behind exactly-once sessions), with batching on and then off in the same run.
/// Closed loop: each client keeps one command outstanding; a round proposes for every idle client,
/// then runs the hosts (persist, sync, send, apply) until the network is quiet.
/// </summary>
internal sealed class RaftBenchmark : IBenchmark
{
    private const int NodeCount = 3;
    private const int TicksEveryRounds = 16;
    private const int MaxElectionTicks = 1_000;
    private const int CompactEveryEntries = 20_000;
    private const int WarmUpSeconds = 4;

    public string Name => "raft";

    public string Description => "3-node in-process Raft (memory log, KV via sessions): committed proposals/s, batching on vs off";

    public Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var settings = Settings.Parse(args);
        if (settings is null)
        {
            Console.Error.WriteLine("usage: raft [--seconds N] [--clients N] [--payload-bytes N] [--seed N] [--repeats N]");
            return Task.FromResult(2);
        }

        Console.WriteLine($"reproduce with: dotnet run -c Release --project tests/Benchmarks -- raft {settings.CommandLine}");
        Console.WriteLine($"machine: {Environment.ProcessorCount} logical cores, .NET {Environment.Version}");
        // Warm up both modes first: tiered JIT (tier 0, instrumented, tier 1) runs on background
        // threads for the first seconds and would be charged to the first measured run.
        var warmUp = settings with { Seconds = WarmUpSeconds };
        Run(warmUp, batching: true, cancellationToken);
        Run(warmUp, batching: false, cancellationToken);

        // Alternate the two modes so that load from other processes hits both alike; report medians.
        var batched = new List<PhaseResult>();
        var unbatched = new List<PhaseResult>();
        for (var repeat = 0; repeat < settings.Repeats && !cancellationToken.IsCancellationRequested; repeat++)
        {
            batched.Add(Run(settings, batching: true, cancellationToken));
            Print("batching on ", batched[^1]);
            unbatched.Add(Run(settings, batching: false, cancellationToken));
            Print("batching off", unbatched[^1]);
        }

        var on = Median(batched, result => result.ProposalsPerSecond);
        var off = Median(unbatched, result => result.ProposalsPerSecond);
        var onCpu = Median(batched, result => result.CpuMicrosecondsPerProposal);
        var offCpu = Median(unbatched, result => result.CpuMicrosecondsPerProposal);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"median proposals/s: batching on {on:N0}, off {off:N0}; ratio on/off {on / off:F2}x"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"median CPU us/proposal: batching on {onCpu:F1}, off {offCpu:F1}; off/on {offCpu / onCpu:F2}x"));
        return Task.FromResult(0);
    }

    private static double Median(List<PhaseResult> results, Func<PhaseResult, double> metric)
    {
        var sorted = results.Select(metric).Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[sorted.Count / 2];
    }

    private static void Print(string label, PhaseResult result) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label}: {result.ProposalsPerSecond,10:N0} proposals/s, {result.CpuMicrosecondsPerProposal,6:F1} CPU us/proposal ({result.Committed:N0} committed in {result.Seconds:F2} s, " +
            $"{result.Messages:N0} messages, {result.EntriesPerAppend:F1} entries per AppendEntries, {result.Syncs:N0} syncs)"));

    private static PhaseResult Run(Settings settings, bool batching, CancellationToken cancellationToken)
    {
        var options = new RaftOptions { BatchingEnabled = batching, MaxEntriesPerAppend = batching ? RaftOptions.DefaultMaxEntriesPerAppend : 1 };
        var cluster = new Cluster(options, settings.Seed);
        cluster.ElectLeader();
        var clients = cluster.RegisterClients(settings.Clients);
        var payload = new string('x', settings.PayloadBytes);
        cluster.ResetCounters();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        var duration = TimeSpan.FromSeconds(settings.Seconds);
        var rounds = 0;
        while (stopwatch.Elapsed < duration && !cancellationToken.IsCancellationRequested)
        {
            foreach (var client in clients.Where(client => client.Pending is null))
            {
                client.Sequence++;
                var command = KeyValueCodec.EncodeCommand(KeyValueCommand.Put($"key{client.SessionId % 64}", payload));
                var envelope = SessionCommandCodec.Encode(SessionCommand.Command(client.SessionId, client.Sequence, rounds, command));
                cluster.Propose(client, envelope);
            }

            cluster.Stabilize();
            if (++rounds % TicksEveryRounds == 0)
            {
                cluster.Tick();
            }
        }

        var seconds = stopwatch.Elapsed.TotalSeconds;
        var cpuMicroseconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMicroseconds;
        return new PhaseResult(
            cluster.Committed, seconds, cluster.Committed / seconds, cpuMicroseconds / Math.Max(1, cluster.Committed),
            cluster.Messages, cluster.EntriesPerAppend, cluster.Syncs);
    }

    /// <summary>One measured run. CpuMicrosecondsPerProposal is process CPU time per committed proposal: less sensitive than wall-clock rates to other load on the machine.</summary>
    private sealed record PhaseResult(long Committed, double Seconds, double ProposalsPerSecond, double CpuMicrosecondsPerProposal, long Messages, double EntriesPerAppend, long Syncs);

    private sealed record Settings(int Seconds, int Clients, int PayloadBytes, int Seed, int Repeats)
    {
        public string CommandLine => $"--seconds {Seconds} --clients {Clients} --payload-bytes {PayloadBytes} --seed {Seed} --repeats {Repeats}";

        public static Settings? Parse(string[] args)
        {
            var values = new Dictionary<string, int>(StringComparer.Ordinal)
            {
                ["--seconds"] = 5,
                ["--clients"] = 256,
                ["--payload-bytes"] = 64,
                ["--seed"] = 1,
                ["--repeats"] = 3,
            };
            for (var i = 0; i < args.Length; i += 2)
            {
                if (!values.ContainsKey(args[i]) || i + 1 >= args.Length
                    || !int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < 1)
                {
                    return null;
                }

                values[args[i]] = value;
            }

            return new Settings(values["--seconds"], values["--clients"], values["--payload-bytes"], values["--seed"], values["--repeats"]);
        }
    }

    /// <summary>A client with one outstanding command: the entry (index, term) it waits to see committed.</summary>
    private sealed class Client
    {
        public ulong SessionId { get; set; }

        public ulong Sequence { get; set; }

        public (ulong Index, ulong Term)? Pending { get; set; }
    }

    /// <summary>One node's host: its store and state machine, run through the Ready/Advance loop.</summary>
    private sealed class Host
    {
        public Host(ulong id, RaftOptions options, ClusterConfiguration bootstrap, int seed)
        {
            Store = new MemoryRaftLogStore();
            Machine = new SessionStateMachine(new KeyValueStateMachine());
            Node = new RaftNode(id, options, new Random(seed), Store.Load(), bootstrap);
        }

        public RaftNode Node { get; }

        public MemoryRaftLogStore Store { get; }

        public SessionStateMachine Machine { get; }
    }

    private sealed class Cluster
    {
        private readonly Host[] _hosts;
        private readonly Queue<RaftMessage> _network = new();
        private readonly Dictionary<ulong, Client> _waiting = [];
        private long _appendMessages;
        private long _appendedEntries;
        private long _syncsAtReset;

        public Cluster(RaftOptions options, int seed)
        {
            var bootstrap = new ClusterConfiguration(Enumerable.Range(1, NodeCount).Select(id => (ulong)id));
            _hosts = [.. Enumerable.Range(1, NodeCount).Select(id => new Host((ulong)id, options, bootstrap, seed * 100 + id))];
        }

        public long Committed { get; private set; }

        public long Messages { get; private set; }

        public double EntriesPerAppend => _appendMessages == 0 ? 0 : (double)_appendedEntries / _appendMessages;

        public long Syncs => _hosts.Sum(host => host.Store.SyncCount) - _syncsAtReset;

        private Host Leader => _hosts.Single(host => host.Node.Role == RaftRole.Leader);

        public void ResetCounters()
        {
            Committed = 0;
            Messages = 0;
            _appendMessages = 0;
            _appendedEntries = 0;
            _syncsAtReset = _hosts.Sum(host => host.Store.SyncCount);
        }

        public void ElectLeader()
        {
            for (var tick = 0; tick < MaxElectionTicks; tick++)
            {
                Tick();
                Stabilize();
                if (_hosts.Count(host => host.Node.Role == RaftRole.Leader) == 1 && Leader.Node.CommitIndex > 0)
                {
                    return;
                }
            }

            throw new InvalidOperationException($"No leader after {MaxElectionTicks} ticks.");
        }

        public List<Client> RegisterClients(int count)
        {
            var clients = Enumerable.Range(0, count).Select(_ => new Client()).ToList();
            foreach (var client in clients)
            {
                Propose(client, SessionCommandCodec.Encode(SessionCommand.Register(0)));
            }

            Stabilize();
            if (clients.Any(client => client.Pending is not null || client.SessionId == 0))
            {
                throw new InvalidOperationException("Not every client session was registered in one round.");
            }

            return clients;
        }

        public void Propose(Client client, byte[] envelope)
        {
            var result = Leader.Node.Propose(envelope);
            if (result.IsAccepted)
            {
                client.Pending = (result.Index, result.Term);
                _waiting[result.Index] = client;
            }
        }

        public void Tick()
        {
            foreach (var host in _hosts)
            {
                host.Node.Tick();
            }
        }

        /// <summary>Runs every host's Ready loop and delivers messages until nothing is left to do.</summary>
        public void Stabilize()
        {
            while (true)
            {
                foreach (var host in _hosts)
                {
                    while (host.Node.HasReady)
                    {
                        ProcessReady(host);
                    }
                }

                if (_network.Count == 0)
                {
                    return;
                }

                while (_network.TryDequeue(out var message))
                {
                    _hosts[message.To - 1].Node.Step(message);
                }
            }
        }

        private void ProcessReady(Host host)
        {
            var ready = host.Node.GetReady();
            if (ready.Snapshot is not null)
            {
                host.Store.SaveSnapshot(ready.Snapshot);
            }

            host.Store.Append(ready.Entries);
            if (ready.HardState is { } hardState)
            {
                host.Store.SaveHardState(hardState);
            }

            if (ready.MustSync)
            {
                host.Store.Sync();
            }

            Send(ready.Messages);
            if (ready.Snapshot is not null)
            {
                host.Machine.Restore(ready.Snapshot.Data);
            }

            Apply(host, ready.CommittedEntries);
            host.Node.Advance(ready);
            CompactIfDue(host);
        }

        private void Send(IReadOnlyList<RaftMessage> messages)
        {
            foreach (var message in messages)
            {
                Messages++;
                if (message is AppendEntries append && append.Entries.Count > 0)
                {
                    _appendMessages++;
                    _appendedEntries += append.Entries.Count;
                }

                _network.Enqueue(message);
            }
        }

        private void Apply(Host host, IReadOnlyList<LogEntry> entries)
        {
            var isLeader = host.Node.Role == RaftRole.Leader;
            foreach (var entry in entries)
            {
                if (entry.Kind != LogEntryKind.Command)
                {
                    continue;
                }

                var result = host.Machine.Apply(entry.Index, entry.Data);
                if (isLeader && _waiting.Remove(entry.Index, out var client) && client.Pending == (entry.Index, entry.Term))
                {
                    Complete(client, SessionResultCodec.Decode(result.Span));
                }
            }
        }

        private void Complete(Client client, SessionResult result)
        {
            if (result.Status != SessionResultStatus.Ok)
            {
                throw new InvalidOperationException($"Session {client.SessionId} command {client.Sequence} failed: {result.Status}.");
            }

            client.SessionId = result.SessionId;
            client.Pending = null;
            Committed++;
        }

        private static void CompactIfDue(Host host)
        {
            if (host.Node.AppliedIndex < host.Node.SnapshotIndex + CompactEveryEntries)
            {
                return;
            }

            var snapshot = host.Node.CompactLog(host.Node.AppliedIndex, host.Machine.Snapshot());
            host.Store.SaveSnapshot(snapshot);
            host.Store.Sync();
        }
    }
}
