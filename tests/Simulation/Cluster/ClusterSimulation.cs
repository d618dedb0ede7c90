using OrleansSync.Grains.Raft;
using OrleansSync.Grains.Raft.StateMachines;
using OrleansSync.Simulation.Checking;
using OrleansSync.Simulation.Network;
using OrleansSync.Simulation.Running;
using OrleansSync.Simulation.Workloads;
using OrleansSync.TestSupport.Linearizability;

namespace OrleansSync.Simulation.Cluster;

/// <summary>
/// One deterministic run: a Raft cluster, its clients, a faulty network and faulty disks, all
/// driven by one seeded <see cref="Random"/> in a single thread. A safety phase injects faults
/// while clients work and the checkers watch every step; a liveness phase then heals everything
/// and requires a new write to commit within a tick budget; finally the client history goes to
/// the linearizability checker.
/// </summary>
internal sealed partial class ClusterSimulation<TInput, TOutput> : IHostEnvironment<TOutput>
{
    /// <summary>Search budget for the history check: deterministic, so a seed's verdict never depends on the machine.</summary>
    public const long LinearizabilityStepBudget = 2_000_000;

    /// <summary>Ticks after the liveness probe within which clients' outstanding operations may still finish.</summary>
    private const int DrainTicks = 300;

    private readonly Random _random;
    private readonly SimulationParameters _parameters;
    private readonly IWorkload<TInput, TOutput> _workload;
    private readonly FaultInjection _faults;
    private readonly SimulatedNetwork<RaftMessage> _raftNetwork;
    private readonly SimulatedNetwork<ClientRequest<TInput>> _requests;
    private readonly SimulatedNetwork<ClientReply<TOutput>> _replies;
    private readonly SortedDictionary<ulong, SimulatedHost<TInput, TOutput>> _hosts = [];
    private readonly List<SimulatedClient<TInput, TOutput>> _clients = [];
    private readonly HistoryRecorder<TInput, TOutput> _history = new();
    private readonly Dictionary<ulong, long> _restartAtTick = [];
    private readonly MembershipDriver _membership = new();
    private readonly Dictionary<int, int> _issued = [];
    private readonly Dictionary<ulong, double> _clockPhase = [];

    /// <summary>Answers of applied writes by (session, sequence), kept only for workloads that complete unanswered writes.</summary>
    private readonly Dictionary<(ulong SessionId, ulong Sequence), byte[]> _appliedWrites = [];
    /// <summary>History handles of leader-proposed expiries by (index, term), and the answers of those some replica applied.</summary>
    private readonly Dictionary<(ulong Index, ulong Term), int> _expiryCalls = [];
    private readonly Dictionary<(ulong Index, ulong Term), TOutput> _expiryAnswers = [];
    private long _healAtTick = long.MaxValue;
    private long _nextOperationId;
    private long _nextReadId;

    public ClusterSimulation(Random random, SimulationParameters parameters, IWorkload<TInput, TOutput> workload, FaultInjection faults, SimulationTrace trace)
    {
        _random = random;
        _parameters = parameters;
        _workload = workload;
        _faults = faults;
        Trace = trace;
        _raftNetwork = new SimulatedNetwork<RaftMessage>(new Random(random.Next()), parameters.NetworkFaults);
        _requests = new SimulatedNetwork<ClientRequest<TInput>>(new Random(random.Next()), parameters.NetworkFaults);
        _replies = new SimulatedNetwork<ClientReply<TOutput>>(new Random(random.Next()), parameters.NetworkFaults);
        var ids = Enumerable.Range(1, parameters.Nodes).Select(i => (ulong)i).ToList();
        var bootstrap = new ClusterConfiguration(ids);
        foreach (var id in ids)
        {
            _clockPhase[id] = 0;
            _hosts[id] = new SimulatedHost<TInput, TOutput>(
                id, parameters.RaftOptions, bootstrap, workload, this, faults.CreateDisk(new Random(random.Next())), faults.ReadPath, parameters.CompactEveryEntries, new Random(random.Next()), parameters.CrashAfterVoteProbability,
                new SessionStateMachineOptions { SessionTimeoutMs = parameters.SessionTimeoutMs });
        }

        for (var client = 1; client <= parameters.Clients + 1; client++)
        {
            _clients.Add(new SimulatedClient<TInput, TOutput>(client, new Random(random.Next()), ids, _history, workload));
            _issued[client] = 0;
        }
    }

    /// <summary>The history's client id of leader-proposed expiries (workload clients count from 1).</summary>
    public const int ExpiryClientId = 0;

    /// <summary>Simulated milliseconds per tick, for the timestamps leaders put on commands.</summary>
    public const int TickMs = 10;

    public long NowTick { get; private set; }

    public long NowMs => NowTick * TickMs;

    public SafetyChecker Checker { get; } = new();

    public SimulationTrace Trace { get; }

    /// <summary>The last client is the liveness probe; the others run the workload.</summary>
    private SimulatedClient<TInput, TOutput> ProbeClient => _clients[^1];

    public SimulationOutcome Run()
    {
        foreach (var host in _hosts.Values)
        {
            host.Start(new Random(_random.Next()));
        }

        for (var tick = 0; tick < _parameters.SafetyPhaseTicks; tick++)
        {
            InjectFaults();
            Step(issueOperations: true);
        }

        var livenessFailure = RunLivenessPhase();
        CompleteUnansweredWrites();
        var linearizability = _workload.Check(_history.ToHistory(), CheckBudget.Steps(LinearizabilityStepBudget));
        return new SimulationOutcome(livenessFailure, linearizability, Statistics());
    }

    public void SendRaft(RaftMessage message)
    {
        var rewritten = _faults.RewriteMessage is null ? message : _faults.RewriteMessage(message);
        if (rewritten is not null)
        {
            _raftNetwork.Send(rewritten.From, rewritten.To, rewritten, NowTick);
        }
    }

    public void RecordAppliedWrite(ulong sessionId, ulong sequence, ReadOnlyMemory<byte> payload)
    {
        if (_workload.CompletesUnansweredWrites)
        {
            _appliedWrites.TryAdd((sessionId, sequence), payload.ToArray());
        }
    }

    public void ExpiryProposed(ulong nodeId, ulong index, ulong term)
    {
        Trace.Add(NowTick, $"node {nodeId}, leader of term {term}, proposes an expiry at {index}");
        _expiryCalls.Add((index, term), _history.Invoke(ExpiryClientId, _workload.ExpiryOperation));
    }

    public void ExpiryApplied(ulong nodeId, ulong index, ulong term, TOutput output)
    {
        if (_expiryAnswers.TryGetValue((index, term), out var first))
        {
            if (!EqualityComparer<TOutput>.Default.Equals(first, output))
            {
                throw new SafetyViolationException($"determinism: node {nodeId} applied the expiry at ({index}, {term}) as {output}, another replica as {first}");
            }

            return;
        }

        if (!_expiryCalls.TryGetValue((index, term), out var handle))
        {
            throw new SafetyViolationException($"node {nodeId} applied an expiry at ({index}, {term}) that no leader proposed there");
        }

        _expiryAnswers.Add((index, term), output);
        _history.Complete(handle, output);
    }

    /// <summary>
    /// Completes each write no client saw answered but some replica applied, with the replicas'
    /// answer, returning now (after everything else). What stays pending never took effect.
    /// </summary>
    private void CompleteUnansweredWrites()
    {
        if (!_workload.CompletesUnansweredWrites)
        {
            return;
        }

        foreach (var write in _clients.SelectMany(c => c.UnansweredWrites()))
        {
            if (_appliedWrites.TryGetValue((write.SessionId, write.Sequence), out var payload))
            {
                _history.Complete(write.Handle, _workload.DecodeResult(write.Input, payload));
            }
        }
    }

    public void Reply(ulong fromNode, ClientReply<TOutput> reply) => _replies.Send(fromNode, ClientEndpoint(reply.ClientId), reply, NowTick);

    public long NextReadId() => ++_nextReadId;

    private static ulong ClientEndpoint(int clientId) => 1000 + (ulong)clientId;

    /// <summary>Heals, restarts every machine, and requires a fresh write to commit within the budget.</summary>
    private string? RunLivenessPhase()
    {
        Trace.Add(NowTick, "liveness phase: heal everything");
        _raftNetwork.HealAll();
        _healAtTick = long.MaxValue;
        _raftNetwork.SetFaults(NetworkFaultOptions.Perfect);
        _requests.SetFaults(NetworkFaultOptions.Perfect);
        _replies.SetFaults(NetworkFaultOptions.Perfect);
        ResumePausedNodes(all: true);

        foreach (var host in _hosts.Values)
        {
            host.StopInjectingFaults();
            if (!host.IsUp)
            {
                Restart(host);
            }
        }

        var probe = ProbeClient;
        Send(probe.Start(_workload.LivenessProbe(), isRead: false, ++_nextOperationId, NowTick));
        var startTick = NowTick;
        while (!probe.IsIdle && NowTick - startTick < _parameters.LivenessBudgetTicks)
        {
            Step(issueOperations: false);
        }

        if (!probe.IsIdle)
        {
            return $"liveness: no write committed within {_parameters.LivenessBudgetTicks} ticks after healing (leaders: {DescribeLeaders()})";
        }

        for (var drained = 0; drained < DrainTicks && _clients.Any(c => !c.IsIdle); drained++)
        {
            Step(issueOperations: false);
        }

        return null;
    }

    /// <summary>One tick: deliver what is due, tick every node, let clients act, check invariants.</summary>
    private void Step(bool issueOperations)
    {
        NowTick++;
        ResumePausedNodes(all: false);
        foreach (var envelope in _raftNetwork.TakeDue(NowTick))
        {
            var host = _hosts[envelope.To];
            if (IsPaused(host.Id))
            {
                Hold(host.Id, envelope.From, envelope.Message);
            }
            else if (host.IsUp)
            {
                host.Step(envelope.Message);
                CheckLeader(host);
            }
        }

        foreach (var envelope in _requests.TakeDue(NowTick))
        {
            var host = _hosts[envelope.To];
            if (IsPaused(host.Id))
            {
                Hold(host.Id, envelope.From, envelope.Message);
            }
            else if (host.IsUp)
            {
                host.HandleRequest(envelope.Message);
                CheckLeader(host);
            }
        }

        foreach (var envelope in _replies.TakeDue(NowTick))
        {
            var reply = envelope.Message;
            if (Trace.Enabled && reply.Kind != ClientReplyKind.NotLeader)
            {
                Trace.Add(NowTick, $"client {reply.ClientId} op {reply.OperationId} <- node {envelope.From}: {reply.Kind} {reply.Output}");
            }

            _clients[reply.ClientId - 1].Receive(reply, NowTick);
        }

        foreach (var host in _hosts.Values.Where(h => h.IsUp && !IsPaused(h.Id)))
        {
            // A slow clock skips some ticks: the fractional part accumulates deterministically.
            var phase = _clockPhase[host.Id] + _parameters.ClockRates[(int)host.Id - 1];
            _clockPhase[host.Id] = phase >= 1 ? phase - 1 : phase;
            if (phase >= 1)
            {
                host.Tick();
            }
        }

        DriveClients(issueOperations);
        DriveMembership();
        CheckLeaders();
    }

    private void DriveClients(bool issueOperations)
    {
        foreach (var client in _clients)
        {
            if (client.IsIdle)
            {
                if (issueOperations && client != ProbeClient && _issued[client.Id] < _parameters.OperationsPerClient
                    && _random.NextDouble() < _parameters.ClientIssueProbability)
                {
                    _issued[client.Id]++;
                    var input = _workload.NextOperation(client.Id, NowTick);
                    Send(client.Start(input, _workload.IsRead(input), ++_nextOperationId, NowTick));
                }

                continue;
            }

            if (client.Poll(NowTick) is { } request)
            {
                Send(request);
            }
        }
    }

    private void Send((ulong Node, ClientRequest<TInput> Request) request)
    {
        if (Trace.Enabled)
        {
            var r = request.Request;
            Trace.Add(NowTick, $"client {r.ClientId} op {r.OperationId} -> node {request.Node}: {r.Kind} {r.Input} (session {r.SessionId}, seq {r.Sequence})");
        }

        _requests.Send(ClientEndpoint(request.Request.ClientId), request.Node, request.Request, NowTick);
    }

    private void DriveMembership()
    {
        var description = _membership.Drive(CurrentLeader()?.Node, NowTick);
        if (description is not null)
        {
            Trace.Add(NowTick, description);
            CurrentLeader()?.ProcessReady();
        }
    }

    private void CheckLeaders()
    {
        foreach (var host in _hosts.Values)
        {
            CheckLeader(host);
        }
    }

    /// <summary>Election safety and leader completeness for one host, after any turn that may have made it leader.</summary>
    private void CheckLeader(SimulatedHost<TInput, TOutput> host)
    {
        if (host.Node is { Role: RaftRole.Leader } node)
        {
            Checker.ObserveLeader(host.Id, node.Term);
            Checker.CheckLeaderCompleteness(host.Id, node.Term, host.Disk.Current);
        }
    }

    /// <summary>The running leader with the highest term, if any.</summary>
    private SimulatedHost<TInput, TOutput>? CurrentLeader() =>
        _hosts.Values.Where(h => h.Node is { Role: RaftRole.Leader }).MaxBy(h => h.Node!.Term);

    private string DescribeLeaders()
    {
        var leaders = _hosts.Values.Where(h => h.Node is { Role: RaftRole.Leader }).Select(h => $"{h.Id}@term{h.Node!.Term}").ToList();
        return leaders.Count == 0 ? "none" : string.Join(", ", leaders);
    }

    private void Restart(SimulatedHost<TInput, TOutput> host)
    {
        _restartAtTick.Remove(host.Id);
        host.Start(new Random(_random.Next()));
    }

    /// <summary>Counters so far (also after a violation stopped the run).</summary>
    public SeedStatistics Statistics() => new()
    {
        Ticks = NowTick,
        CommittedIndex = Checker.MaxCommittedIndex,
        Leaders = Checker.LeaderCount,
        Crashes = _hosts.Values.Sum(h => h.Crashes),
        Pauses = _pauses,
        CompletedOperations = _clients.Sum(c => c.CompletedCount),
        PendingOperations = _clients.Count(c => !c.IsIdle) + _clients.Sum(c => c.AbandonedCount),
        Snapshots = _hosts.Values.Sum(h => h.SnapshotsTaken),
        MembershipChanges = _membership.CompletedChanges,
        LeaderExpiries = _expiryAnswers.Count,
        LeaderExpiryProposals = _expiryCalls.Count,
    };
}
