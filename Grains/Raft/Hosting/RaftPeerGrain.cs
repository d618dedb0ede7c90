using System.Buffers.Binary;
using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Placement;
using OrleansSync.Grains.Interfaces.Raft;
using OrleansSync.Grains.Raft.Hosting.Births;
using OrleansSync.Grains.Raft.Hosting.Placement;
using OrleansSync.Grains.Raft.StateMachines;
using OrleansSync.Grains.Raft.Storage;
using OrleansSync.Grains.Raft.Wire;

namespace OrleansSync.Grains.Raft.Hosting;

/// <summary>
/// Hosts one <see cref="RaftNode"/> of one group: a grain timer ticks it, and every turn that
/// changes it runs the Ready loop — persist and sync, then send, then apply, then advance.
/// Proposals and reads wait (reentrantly) until their entry or read index is applied here.
/// </summary>
/// <remarks>
/// The grain is reentrant so that a waiting proposal never blocks the turns that will complete
/// it; every turn mutates state synchronously, between awaits only. Peers send to each other
/// through ordinary grain calls whose completion is observed off the turn (failures are logged;
/// Raft retransmits), with a bound on unanswered batches per destination. It is immovable and kept
/// alive: its log is on this silo's disk, and an idle group must keep its replicas.
/// </remarks>
[Reentrant]
[ReplicaPlacement]
[Immovable]
[KeepAlive]
public sealed partial class RaftPeerGrain : Grain, IRaftPeerGrain, IDisposable
{
    /// <summary>The grain type name that replica placement hashes (stable across builds).</summary>
    internal const string PlacementGrainType = "OrleansSync.Grains.Raft.Hosting.RaftPeerGrain";

    private readonly RaftPeerOptions _options;
    private readonly IRaftStateMachineFactory _stateMachineFactory;
    private readonly ILogger<RaftPeerGrain> _logger;
    private readonly TimeProvider _timeProvider;
    private readonly string _siloName;
    private readonly ILocalSiloDetails _localSilo;
    private readonly IClusterMembershipService _membership;
    private readonly IReplicaBirthRegistry _births;
    private readonly RaftWalSyncer _walSyncer;
    private readonly Dictionary<ulong, PendingProposal> _proposals = [];
    private readonly Dictionary<ulong, PendingRead> _reads = [];
    private readonly List<(ulong Index, PendingRead Read)> _confirmedReads = [];
    private readonly Dictionary<ulong, int> _inflightSends = [];
    private RaftPeerKey _key;
    private RaftNode? _node;
    private IRaftLogStore? _store;
    private SessionStateMachine? _stateMachine;
    private IGrainTimer? _ticker;
    private ulong _nextReadId;

    /// <summary>Proposals accepted as leader, committed in their term, and the sum of their arrival-to-commit times (status: <see cref="RaftPeerStatus.ProposalsAccepted"/>).</summary>
    private ulong _proposalsAccepted;
    private ulong _proposalsCommitted;
    private double _commitLatencyMsTotal;

    /// <summary>The store failed: this activation answers nothing more and deactivates (a new one replays the log).</summary>
    private bool _stopped;

    public RaftPeerGrain(
        IOptions<RaftPeerOptions> options,
        IRaftStateMachineFactory stateMachineFactory,
        ILogger<RaftPeerGrain> logger,
        ILocalSiloDetails localSilo,
        IClusterMembershipService membership,
        IReplicaBirthRegistry births,
        RaftWalSyncer walSyncer,
        TimeProvider timeProvider)
    {
        _walSyncer = walSyncer;
        _localSilo = localSilo;
        _membership = membership;
        _births = births;
        _timeProvider = timeProvider;
        _options = options.Value;
        _options.Validate();
        _stateMachineFactory = stateMachineFactory;
        _logger = logger;
        _siloName = localSilo.Name;
    }

    /// <summary>The inner state machine (under the session layer), for hosts that inspect it after applying.</summary>
    public IReplicatedStateMachine? InnerStateMachine { get; private set; }

    private RaftNode Node => _node ?? throw new InvalidOperationException("The Raft peer is not activated.");

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _key = RaftPeerKey.Parse(this.GetPrimaryKeyString());
        if (_key.Group >= _options.GroupCount)
        {
            throw new ArgumentOutOfRangeException(nameof(RaftPeerKey), _key.ToString(), $"There are {_options.GroupCount} groups.");
        }

        if (TryLoadTombstone())
        {
            return;
        }

        // No log here: either this replica is being born, or Orleans re-activated it on a silo that
        // does not have its log. Only the first may start; the second would vote from nothing.
        if (!HasLocalLog() && !await _births.TryRecordBirthAsync(_key, _localSilo.SiloAddress.Endpoint.ToString(), cancellationToken))
        {
            _lost = true;
            LogActivatedWithoutLog(_key.ToString(), _siloName);
            return;
        }

        _store = new FileRaftLogStore(ReplicaDirectory);
        var persisted = _store.Load();
        InnerStateMachine = _stateMachineFactory.Create(_key.Group);
        _stateMachine = new SessionStateMachine(InnerStateMachine);
        if (persisted.Snapshot is { } snapshot)
        {
            _stateMachine.Restore(snapshot.Data);
        }

        // The first R replica ids form a new group; any later id is a replacement that waits to be added.
        var bootstrap = _key.Replica < _options.ReplicaCount
            ? new ClusterConfiguration(Enumerable.Range(0, _options.ReplicaCount).Select(r => new RaftPeerKey(_key.Group, r).NodeId))
            : ClusterConfiguration.Empty;
        _committedConfiguration = persisted.Snapshot?.Configuration ?? bootstrap;
        _node = new RaftNode(_key.NodeId, _options.Raft, new Random(RandomNumberGenerator.GetInt32(int.MaxValue)), persisted, bootstrap);
        ObserveMembership();
        var tick = TimeSpan.FromMilliseconds(_options.TickIntervalMs);
        // Ticks on a silo-wide grid, so that the peers' heartbeats leave together and share router calls;
        // interleaved, because a tick must not wait behind calls that await (a proposal, a long-poll),
        // or the leader stops heartbeating.
        var sinceGridMs = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds() % _options.TickIntervalMs;
        _ticker = this.RegisterGrainTimer(
            OnTick,
            new GrainTimerCreationOptions { DueTime = tick - TimeSpan.FromMilliseconds(sinceGridMs), Period = tick, Interleave = true });
        LogActivated(_key.ToString(), _siloName, Node.Term, persisted.Entries.Count);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        FailAllWaiters(RaftCallStatus.Unknown, "The peer deactivated.");
        _stopped = true;
        if (_syncInFlight is { } sync)
        {
            // The sync thread still uses the store: let it finish before closing the files.
            try
            {
                await sync.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Deactivation is out of time; closing drops the unsynced tail, as a crash would.
            }
        }

        Dispose();
    }

    public void Dispose()
    {
        _ticker?.Dispose();
        _store?.Dispose();
        _store = null;
    }

    public Task<RaftDeliveryResult> Deliver(byte[] messages, SiloAddress sender)
    {
        if (_stopped)
        {
            throw new InvalidOperationException($"Raft peer {_key} stopped after a failure in its Ready loop.");
        }

        if (_removed || _lost)
        {
            return Task.FromResult(_removed ? RaftDeliveryResult.Removed : RaftDeliveryResult.Lost);
        }

        foreach (var message in RaftMessageCodec.DecodeBatch(messages))
        {
            if (message.To != _key.NodeId)
            {
                continue;
            }

            HeardFrom(message.From, sender);

            if (IsRemovedMember(message.From))
            {
                NoticeRemoved(message.From);
                continue;
            }

            if (IsLostCandidate(message))
            {
                continue;
            }

            Node.Step(message);
        }

        ProcessReady();
        return Task.FromResult(RaftDeliveryResult.Accepted);
    }

    public async Task<RaftCallOutcome> Propose(byte[] command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (_stopped)
        {
            return Outcome(RaftCallStatus.Unknown, null, "The replica stopped after a failure in its Ready loop.");
        }

        if (_removed || _lost)
        {
            return RemovedOutcome();
        }

        if (_proposals.Count + _reads.Count >= _options.MaxPendingProposals)
        {
            return Outcome(RaftCallStatus.Overloaded, null, $"{_options.MaxPendingProposals} calls are already in flight.");
        }

        if (!TryStamp(command, out var stamped, out var malformed))
        {
            return Outcome(RaftCallStatus.Rejected, null, malformed);
        }

        var accepted = Node.Propose(stamped);
        if (!accepted.IsAccepted)
        {
            return Rejection(accepted);
        }

        var arrived = Stopwatch.GetTimestamp();
        RaftHostingMetrics.Proposals.Add(1);
        _proposalsAccepted++;
        var pending = new PendingProposal(accepted.Term, arrived);
        _proposals.Add(accepted.Index, pending);
        ProcessReady();
        var outcome = await WaitAsync(pending.Completion, () => _proposals.Remove(accepted.Index));
        RaftHostingMetrics.ProposalMs.Record(Stopwatch.GetElapsedTime(arrived).TotalMilliseconds);
        return outcome;
    }

    public async Task<RaftCallOutcome> Read(byte[] query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (_stopped)
        {
            return Outcome(RaftCallStatus.Unknown, null, "The replica stopped after a failure in its Ready loop.");
        }

        if (_removed || _lost)
        {
            return RemovedOutcome();
        }

        if (_proposals.Count + _reads.Count >= _options.MaxPendingProposals)
        {
            return Outcome(RaftCallStatus.Overloaded, null, $"{_options.MaxPendingProposals} calls are already in flight.");
        }

        var readId = ++_nextReadId;
        var context = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(context, readId);
        var accepted = Node.ReadIndex(context);
        if (!accepted.IsAccepted)
        {
            return Rejection(accepted);
        }

        var pending = new PendingRead(query);
        _reads.Add(readId, pending);
        ProcessReady();
        return await WaitAsync(pending.Completion, () => _reads.Remove(readId));
    }

    public Task<RaftPeerStatus> GetStatus() => Task.FromResult(_removed || _lost
        ? new RaftPeerStatus(_key.Group, _key.Replica, _removed ? RemovedRole : LostRole, 0, -1, 0, 0, _siloName, _removedHint, [])
        : new RaftPeerStatus(
            _key.Group, _key.Replica, Node.Role.ToString(), Node.Term, LeaderReplica(), Node.CommitIndex, Node.AppliedIndex, _siloName,
            Replicas(Node.Configuration.Voters), Replicas(Node.Configuration.Learners))
        {
            ProposalsAccepted = _proposalsAccepted,
            ProposalsCommitted = _proposalsCommitted,
            CommitLatencyMsTotal = _commitLatencyMsTotal,
        });

    private Task OnTick(CancellationToken cancellationToken)
    {
        if (_removed || _lost || _stopped)
        {
            return Task.CompletedTask;
        }

        Node.Tick();
        ObserveMembership();
        if (++_ticks % _options.MembershipCheckTicks == 0)
        {
            Reconfigure();
        }

        ProcessReady();
        ProposeExpiryIfDue();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Every proposal is a session command; the peer that proposes it (the leader, or the proposal
    /// is refused) stamps it with its own clock. Time in the replicated state comes only from these
    /// stamps, never from clients.
    /// </summary>
    private bool TryStamp(byte[] command, out byte[] stamped, out string error)
    {
        try
        {
            var decoded = SessionCommandCodec.Decode(command);
            stamped = SessionCommandCodec.Encode(decoded with { TimestampMs = Math.Max(0, _timeProvider.GetUtcNow().ToUnixTimeMilliseconds()) });
            error = string.Empty;
            return true;
        }
        catch (CommandFormatException exception)
        {
            stamped = [];
            error = $"A proposal must be a session command: {exception.Message}";
            return false;
        }
    }

    private async Task<RaftCallOutcome> WaitAsync(TaskCompletionSource<RaftCallOutcome> completion, Func<bool> forget)
    {
        try
        {
            return await completion.Task.WaitAsync(TimeSpan.FromMilliseconds(_options.ProposalTimeoutMs));
        }
        catch (TimeoutException)
        {
            forget();
            return Outcome(RaftCallStatus.Unknown, null, $"Not applied within {_options.ProposalTimeoutMs} ms; it may still commit.");
        }
    }

    /// <summary>
    /// Maps the core's refusal to what the caller should do: find the leader (NotLeader, also while
    /// an election is on), back off and retry (transient pressure), or give up (the request itself is wrong).
    /// </summary>
    private RaftCallOutcome Rejection(ProposalResult rejected) => rejected.Reason switch
    {
        RejectionReason.NotLeader or RejectionReason.NoLeader or RejectionReason.LeaderNotReady =>
            new RaftCallOutcome(RaftCallStatus.NotLeader, null, LeaderReplica(rejected.LeaderHint), $"Replica {_key.Replica} is not the leader ({rejected.Reason}).", Replicas(Node.Configuration.Voters)),
        RejectionReason.TransferInProgress or RejectionReason.TooManyUncommittedEntries or RejectionReason.LogFull or RejectionReason.TooManyPendingReads =>
            Outcome(RaftCallStatus.Overloaded, null, $"The group is busy: {rejected.Reason}."),
        _ => Outcome(RaftCallStatus.Rejected, null, $"The proposal was refused: {rejected.Reason}."),
    };

    private RaftCallOutcome Outcome(RaftCallStatus status, byte[]? result, string? detail) =>
        new(status, result, LeaderReplica(), detail, _node is null ? _removedHint : Replicas(Node.Configuration.Voters));

    private int LeaderReplica(ulong leaderId = NodeId.None)
    {
        var leader = leaderId != NodeId.None ? leaderId : _node?.LeaderId ?? NodeId.None;
        return leader == NodeId.None ? -1 : RaftPeerKey.FromNodeId(_key.Group, leader).Replica;
    }

    private sealed record PendingProposal(ulong Term, long ArrivedTimestamp)
    {
        public TaskCompletionSource<RaftCallOutcome> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed record PendingRead(byte[] Query)
    {
        public TaskCompletionSource<RaftCallOutcome> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
