using System.Buffers.Binary;
using OrleansSync.Grains.Raft;
using OrleansSync.Grains.Raft.Hosting;
using OrleansSync.Grains.Raft.StateMachines;
using OrleansSync.Simulation.Storage;
using OrleansSync.Simulation.Workloads;

namespace OrleansSync.Simulation.Cluster;

/// <summary>
/// One simulated machine: a <see cref="RaftNode"/> driven like the real host drives it (persist and
/// sync a Ready, then send, then apply, then Advance), its disk (which survives crashes), its state
/// machine and the client requests it waits on (which do not).
/// </summary>
internal sealed class SimulatedHost<TInput, TOutput>
{
    private readonly RaftOptions _options;
    private readonly ClusterConfiguration _bootstrap;
    private readonly IWorkload<TInput, TOutput> _workload;
    private readonly IHostEnvironment<TOutput> _environment;
    private readonly ReadPath _readPath;
    private readonly int _compactEveryEntries;

    /// <summary>Proposals this node accepted, by log index: the (term, request) to answer when that index applies.</summary>
    private readonly Dictionary<ulong, (ulong Term, ClientRequest<TInput> Request)> _proposals = [];

    /// <summary>Reads handed to ReadIndex, by read id.</summary>
    private readonly Dictionary<long, ClientRequest<TInput>> _reads = [];

    /// <summary>Confirmed reads waiting for the state machine to reach their index.</summary>
    private readonly List<(ulong Index, ClientRequest<TInput> Request)> _confirmedReads = [];

    private readonly Random _crashRandom;

    /// <summary>Chance of dying right after a turn that cast a vote: elections are where lost votes hurt.</summary>
    private double _crashAfterVoteProbability;

    private bool _votedThisTurn;
    private readonly SessionStateMachineOptions _sessionOptions;
    private SessionStateMachine _stateMachine;

    /// <summary>The workload's state machine inside <see cref="_stateMachine"/>, asked for the answer of an applied expiry.</summary>
    private IReplicatedStateMachine _innerStateMachine;

    /// <summary>As in RaftPeerGrain: index and term of the expiry proposal in flight (index 0: none); volatile.</summary>
    private (ulong Index, ulong Term) _expiryInFlight;

    private long _lastExpiryProposalMs = long.MinValue / 2;

    public SimulatedHost(
        ulong id,
        RaftOptions options,
        ClusterConfiguration bootstrap,
        IWorkload<TInput, TOutput> workload,
        IHostEnvironment<TOutput> environment,
        SimulatedDisk disk,
        ReadPath readPath,
        int compactEveryEntries,
        Random crashRandom,
        double crashAfterVoteProbability,
        SessionStateMachineOptions sessionOptions)
    {
        _sessionOptions = sessionOptions;
        _crashAfterVoteProbability = crashAfterVoteProbability;
        _crashRandom = crashRandom;
        Id = id;
        _options = options;
        _bootstrap = bootstrap;
        _workload = workload;
        _environment = environment;
        _readPath = readPath;
        _compactEveryEntries = compactEveryEntries;
        Disk = disk;
        (_stateMachine, _innerStateMachine) = NewStateMachine();
    }

    public ulong Id { get; }

    public SimulatedDisk Disk { get; }

    /// <summary>The running node; null while the machine is down.</summary>
    public RaftNode? Node { get; private set; }

    public bool IsUp => Node is not null;

    public ulong AppliedIndex { get; private set; }

    public int SnapshotsTaken { get; private set; }

    public int Crashes { get; private set; }

    /// <summary>The liveness phase: no more injected crashes on this machine.</summary>
    public void StopInjectingFaults()
    {
        CrashDuringNextWrite = false;
        _crashAfterVoteProbability = 0;
    }

    /// <summary>When set, the machine dies during its next write, after writing and before syncing: a torn batch.</summary>
    public bool CrashDuringNextWrite { get; set; }

    /// <summary>Boots from the disk, as after a power-on.</summary>
    public void Start(Random random) => Turn(() => Boot(random));

    private void Boot(Random random)
    {
        var persisted = Disk.Load();
        _environment.Trace.Add(_environment.NowTick, $"node {Id} starts: term {persisted.HardState.Term}, vote {persisted.HardState.VotedFor}, "
            + $"commit {persisted.HardState.CommitIndex}, snapshot {persisted.Snapshot?.Index ?? 0}, entries {persisted.Entries.Count} "
            + $"(last term {(persisted.Entries.Count > 0 ? persisted.Entries[^1].Term : persisted.Snapshot?.Term ?? 0)})");
        Node = new RaftNode(Id, _options, random, persisted, _bootstrap);
        (_stateMachine, _innerStateMachine) = NewStateMachine();
        _expiryInFlight = default;
        _lastExpiryProposalMs = long.MinValue / 2;
        AppliedIndex = 0;
        if (persisted.Snapshot is { } snapshot)
        {
            _environment.Checker.ObserveSnapshot(Id, snapshot);
            _stateMachine.Restore(snapshot.Data);
            AppliedIndex = snapshot.Index;
        }

        ProcessReadyInTurn();
    }

    /// <summary>Power loss: volatile state is gone and the disk keeps what it keeps.</summary>
    public void Crash()
    {
        Node = null;
        CrashDuringNextWrite = false;
        Crashes++;
        var unsynced = Disk.UnsyncedWriteCount;
        Disk.Crash(_crashRandom);
        _proposals.Clear();
        _reads.Clear();
        _confirmedReads.Clear();
        _environment.Trace.Add(_environment.NowTick, $"node {Id} crashes with {unsynced} unsynced writes; durable: last index {Disk.Durable.LastIndex}, term {Disk.Durable.HardState.Term}");
    }

    public void Step(RaftMessage message) => Turn(() =>
    {
        Node!.Step(message);
        ProcessReadyInTurn();
    });

    /// <summary>A tick of the node's timer; then, as RaftPeerGrain's tick does, an expiry proposal if one is due.</summary>
    public void Tick() => Turn(() =>
    {
        Node!.Tick();
        ProcessReadyInTurn();
        ProposeExpiryIfDue(Node!);
    });

    /// <summary>
    /// Mirrors RaftPeerGrain.ProposeExpiryIfDue: a leader whose clock has passed the state machine's
    /// next deadline proposes a sessionless Expire stamped with that clock, at most one in flight
    /// (in this term, not yet applied here) and at least <see cref="RaftPeerGrain.MinExpirySpacingMs"/>
    /// after its previous attempt. Refused proposals are retried on a later tick.
    /// </summary>
    private void ProposeExpiryIfDue(RaftNode node)
    {
        if (node.Role != RaftRole.Leader || _stateMachine.NextDeadlineMs is not { } dueMs)
        {
            return;
        }

        var nowMs = LeaderClockMs();
        var inFlight = _expiryInFlight.Index > node.AppliedIndex && _expiryInFlight.Term == node.Term;
        if (nowMs < dueMs || inFlight || nowMs - _lastExpiryProposalMs < RaftPeerGrain.MinExpirySpacingMs)
        {
            return;
        }

        _lastExpiryProposalMs = nowMs;
        var accepted = node.Propose(SessionCommandCodec.Encode(SessionCommand.Expire(nowMs)));
        if (accepted.IsAccepted)
        {
            _expiryInFlight = (accepted.Index, accepted.Term);
            _environment.ExpiryProposed(Id, accepted.Index, accepted.Term);
            ProcessReadyInTurn();
        }
    }

    /// <summary>The leader's clock (it lags simulated time by the workload's per-node amount): the only time the state machine sees.</summary>
    private long LeaderClockMs() => Math.Max(0, _environment.NowMs - _workload.ClockLagMs(Id));

    public void HandleRequest(ClientRequest<TInput> request) => Turn(() => Handle(request));

    /// <summary>Runs the host loop until the node has nothing more to do, then compacts if due.</summary>
    public void ProcessReady() => Turn(ProcessReadyInTurn);

    /// <summary>Runs one host turn; a simulated power loss inside it takes the machine down.</summary>
    private void Turn(Action turn)
    {
        _votedThisTurn = false;
        try
        {
            turn();
        }
        catch (SimulatedPowerLossException)
        {
            Crash();
            return;
        }

        if (_votedThisTurn && Node is not null && _crashRandom.NextDouble() < _crashAfterVoteProbability)
        {
            _environment.Trace.Add(_environment.NowTick, $"node {Id} crashes right after voting");
            Crash();
        }
    }

    private void Handle(ClientRequest<TInput> request)
    {
        var node = Node!;
        if (request.Kind == ClientRequestKind.Read)
        {
            HandleRead(node, request);
        }
        else
        {
            // The leader stamps the command with its own clock, as RaftPeerGrain does.
            var clockMs = LeaderClockMs();
            var command = request.Kind == ClientRequestKind.Register
                ? SessionCommand.Register(clockMs)
                : SessionCommand.Command(request.SessionId, request.Sequence, clockMs, _workload.EncodeCommand(request.Input!));
            var result = node.Propose(SessionCommandCodec.Encode(command));
            if (result.IsAccepted)
            {
                _proposals[result.Index] = (result.Term, request);
            }
            else
            {
                Reply(request, ClientReplyKind.NotLeader, default, result.LeaderHint);
            }
        }

        ProcessReadyInTurn();
    }

    private void ProcessReadyInTurn()
    {
        var node = Node!;
        while (node.HasReady)
        {
            var ready = node.GetReady();
            Persist(ready);
            foreach (var message in ready.Messages)
            {
                _environment.SendRaft(message);
            }

            if (ready.SoftState is { } soft)
            {
                _environment.Trace.Add(_environment.NowTick, $"node {Id} is {soft.Role} in term {node.Term}, leader {soft.LeaderId}");
            }

            Apply(node, ready);
            foreach (var readState in ready.ReadStates)
            {
                var readId = BinaryPrimitives.ReadInt64LittleEndian(readState.Context.Span);
                if (_reads.Remove(readId, out var request))
                {
                    _confirmedReads.Add((readState.Index, request));
                }
            }

            ServeConfirmedReads();
            node.Advance(ready);
        }

        MaybeCompact(node);
    }

    private void HandleRead(RaftNode node, ClientRequest<TInput> request)
    {
        if (_readPath == ReadPath.LocalReadOnLeaderBug && node.Role == RaftRole.Leader)
        {
            _environment.Trace.Add(_environment.NowTick, $"node {Id}, leader of term {node.Term}, reads locally for client {request.ClientId}");
            Reply(request, ClientReplyKind.Answer, Query(request.Input!), 0);
            return;
        }

        var readId = _environment.NextReadId();
        var context = new byte[sizeof(long)];
        BinaryPrimitives.WriteInt64LittleEndian(context, readId);
        var result = node.ReadIndex(context);
        if (result.IsAccepted)
        {
            _reads[readId] = request;
        }
        else
        {
            Reply(request, ClientReplyKind.NotLeader, default, result.LeaderHint);
        }
    }

    private void Persist(Ready ready)
    {
        if (ready.Snapshot is { } snapshot)
        {
            _environment.Checker.ObserveSnapshot(Id, snapshot);
            Disk.SaveSnapshot(snapshot);
        }

        if (ready.Entries.Count > 0)
        {
            var first = ready.Entries[0].Index;
            var previousTerm = Disk.Current.TermAt(first - 1)
                ?? throw new InvalidOperationException($"node {Id} appends at {first} but its disk lacks the entry before it");
            _environment.Checker.ObserveAppend(Id, ready.Entries, previousTerm);
            Disk.Append(ready.Entries);
        }

        if (ready.HardState is { } hardState)
        {
            _votedThisTurn |= hardState.VotedFor != NodeId.None && hardState.VotedFor != Disk.Current.HardState.VotedFor;
            Disk.SaveHardState(hardState);
        }

        if (ready.MustSync && CrashDuringNextWrite)
        {
            throw new SimulatedPowerLossException();
        }

        if (ready.MustSync)
        {
            Disk.Sync();
        }
    }

    private void Apply(RaftNode node, Ready ready)
    {
        if (ready.Snapshot is { } snapshot)
        {
            _stateMachine.Restore(snapshot.Data);
            AppliedIndex = snapshot.Index;
            _environment.Trace.Add(_environment.NowTick, $"node {Id} restores snapshot at {snapshot.Index}");
        }

        foreach (var entry in ready.CommittedEntries)
        {
            _environment.Checker.ObserveApplied(Id, entry, node.Term);
            AppliedIndex = entry.Index;
            var result = ReadOnlyMemory<byte>.Empty;
            if (entry.Kind == LogEntryKind.Command)
            {
                result = _stateMachine.Apply(entry.Index, entry.Data);
                _environment.Checker.ObserveResult(Id, entry.Index, result.Span);
                RecordApplied(entry, result);
            }

            if (_proposals.Remove(entry.Index, out var proposal))
            {

                // Careful: a bare null would convert to an empty ReadOnlyMemory through byte[], not to "no result".
                AnswerProposal(proposal.Request, entry.Term == proposal.Term ? result : (ReadOnlyMemory<byte>?)null);
            }
        }
    }

    /// <summary>Answers the client whose proposal reached its index: with the result, or (null) lost to a leader change.</summary>
    private void AnswerProposal(ClientRequest<TInput> request, ReadOnlyMemory<byte>? result)
    {
        if (result is null)
        {
            Reply(request, ClientReplyKind.Dropped, default, 0);
            return;
        }

        var answer = SessionResultCodec.Decode(result.Value.Span);
        switch (answer.Status)
        {
            case SessionResultStatus.Ok when request.Kind == ClientRequestKind.Register:
                _environment.Reply(Id, new ClientReply<TOutput>(request.ClientId, request.OperationId, ClientReplyKind.Registered, default, 0, answer.SessionId));
                break;
            case SessionResultStatus.Ok:
                Reply(request, ClientReplyKind.Answer, _workload.DecodeResult(request.Input!, answer.Payload), 0);
                break;
            case SessionResultStatus.SessionNotFound or SessionResultStatus.StaleSequence:
                Reply(request, ClientReplyKind.SessionLost, default, 0);
                break;
            case SessionResultStatus.SessionTableFull:
                Reply(request, ClientReplyKind.Dropped, default, 0);
                break;
            default:
                throw new InvalidOperationException($"The session state machine answered {answer.Status} to client {request.ClientId}: the simulator sent a malformed command.");
        }
    }

    /// <summary>
    /// Tells the environment what an applied leader expiry answered (it is in the history), and what
    /// an applied client write answered, for writes whose client never hears it.
    /// </summary>
    private void RecordApplied(LogEntry entry, ReadOnlyMemory<byte> result)
    {
        var command = SessionCommandCodec.Decode(entry.Data.Span);
        if (command.Kind == SessionCommandKind.Expire)
        {
            _environment.ExpiryApplied(Id, entry.Index, entry.Term, _workload.AppliedExpiry(_innerStateMachine));
            return;
        }

        if (!_workload.CompletesUnansweredWrites)
        {
            return;
        }

        var answer = SessionResultCodec.Decode(result.Span);
        if (command.Kind == SessionCommandKind.Command && answer.Status == SessionResultStatus.Ok)
        {
            _environment.RecordAppliedWrite(command.SessionId, command.Sequence, answer.Payload);
        }
    }

    private void ServeConfirmedReads()
    {
        for (var i = _confirmedReads.Count - 1; i >= 0; i--)
        {
            var (index, request) = _confirmedReads[i];
            if (index <= AppliedIndex)
            {
                _confirmedReads.RemoveAt(i);
                Reply(request, ClientReplyKind.Answer, Query(request.Input!), 0);
            }
        }
    }

    private void MaybeCompact(RaftNode node)
    {
        if (AppliedIndex < node.SnapshotIndex + (ulong)_compactEveryEntries || AppliedIndex > node.LastIndex)
        {
            return;
        }

        var snapshot = node.CompactLog(AppliedIndex, _stateMachine.Snapshot());
        _environment.Checker.ObserveSnapshot(Id, snapshot);
        Disk.SaveSnapshot(snapshot);
        Disk.Sync();
        SnapshotsTaken++;
    }

    private (SessionStateMachine Session, IReplicatedStateMachine Inner) NewStateMachine()
    {
        var inner = _workload.CreateStateMachine();
        return (new SessionStateMachine(inner, _sessionOptions), inner);
    }

    private TOutput Query(TInput input) => _workload.DecodeResult(input, _stateMachine.Query(_workload.EncodeQuery(input)));

    private void Reply(ClientRequest<TInput> request, ClientReplyKind kind, TOutput? output, ulong leaderHint) =>
        _environment.Reply(Id, new ClientReply<TOutput>(request.ClientId, request.OperationId, kind, output, leaderHint));
}
