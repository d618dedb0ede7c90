namespace OrleansSync.Grains.Raft;

/// <summary>
/// One member of a Raft group as a deterministic state machine (modelled on etcd's raft/rawnode):
/// no I/O, clocks, threads or global randomness. The host drives it:
/// <list type="bullet">
/// <item><see cref="Tick"/> at a fixed interval (all timeouts in <see cref="RaftOptions"/> count ticks);</item>
/// <item><see cref="Step"/> with every message received from a peer;</item>
/// <item><see cref="Propose"/>, <see cref="ProposeConfigurationChange"/>, <see cref="ReadIndex"/>,
/// <see cref="TransferLeadership"/> for client requests;</item>
/// <item>whenever <see cref="HasReady"/>: <see cref="GetReady"/>, do what the <see cref="Ready"/> says
/// (persist, sync, then send, apply), then <see cref="Advance"/>. At most one Ready is outstanding;
/// <see cref="Step"/>, <see cref="Tick"/> and requests may be called while it is.</item>
/// <item>after applying up to some index, optionally <see cref="CompactLog"/> and save the returned snapshot.</item>
/// </list>
/// The node keeps the log since its last snapshot in memory and never reads storage after construction.
/// Not thread-safe: one host turn at a time.
/// </summary>
public sealed partial class RaftNode
{
    private readonly RaftOptions _options;

    /// <summary>The caller's seeded source: the only randomness (election jitter), so runs reproduce from a seed.</summary>
    private readonly Random _random;

    private readonly RaftLog _log;

    /// <summary>The configuration used when neither the log nor a snapshot holds one (a brand-new group).</summary>
    private readonly ClusterConfiguration _bootstrapConfiguration;

    /// <summary>Outgoing messages since the last Ready.</summary>
    private List<RaftMessage> _messages = [];

    /// <summary>Confirmed reads since the last Ready.</summary>
    private List<ReadState> _readStates = [];

    /// <summary>Per-member replication state; only while leader (includes this node).</summary>
    private readonly Dictionary<ulong, Progress> _progress = [];

    /// <summary>Votes received in the current (pre-)election: granted or rejected.</summary>
    private readonly Dictionary<ulong, bool> _votes = [];

    /// <summary>The configuration in force: the latest one in the log, else the snapshot's, else the bootstrap one.</summary>
    private ClusterConfiguration _configuration;

    /// <summary>Index of the entry (or snapshot) that carried <see cref="_configuration"/>; 0 for the bootstrap configuration.</summary>
    private ulong _configurationIndex;

    /// <summary>The latest snapshot (from storage, the host's compaction or the leader); sent to lagging followers.</summary>
    private RaftSnapshot? _snapshot;

    /// <summary>A snapshot received from the leader that the host has not persisted yet.</summary>
    private RaftSnapshot? _pendingSnapshot;

    /// <summary>Chunks of a snapshot being received.</summary>
    private SnapshotReceiver? _snapshotReceiver;

    private ulong _term;
    private ulong _votedFor;
    private ulong _leaderId;
    private RaftRole _role;

    /// <summary>Ticks since the last valid leader contact (follower) or the last quorum check (leader).</summary>
    private int _electionElapsed;

    /// <summary>Ticks since the leader's last heartbeat.</summary>
    private int _heartbeatElapsed;

    /// <summary>This term's election timeout, drawn from [ElectionTimeoutTicks, 2 * ElectionTimeoutTicks).</summary>
    private int _randomizedElectionTimeout;

    /// <summary>While leader: the voter being handed leadership, or <see cref="NodeId.None"/>.</summary>
    private ulong _transferTarget;

    /// <summary>While leader: new entries are waiting to be sent at the next Ready (batching).</summary>
    private bool _appendBroadcastPending;

    /// <summary>Reused buffer for quorum computations (one value per voter).</summary>
    private ulong[] _quorumScratch = new ulong[8];

    private HardState _lastReadyHardState;
    private SoftState _lastReadySoftState;
    private Ready? _outstandingReady;

    /// <summary>
    /// Creates a node from what its store recovered.
    /// </summary>
    /// <param name="id">This node's id, non-zero.</param>
    /// <param name="options">Limits and timings; validated and copied.</param>
    /// <param name="random">A seeded random source owned by this node (election jitter only).</param>
    /// <param name="persisted">What <see cref="IRaftLogStore.Load"/> returned. If it holds a snapshot, the host
    /// restores its state machine from it first: committed entries are handed out from the snapshot index on.</param>
    /// <param name="bootstrapConfiguration">The group for a brand-new node whose log and snapshot carry none;
    /// a node joining an existing group passes <see cref="ClusterConfiguration.Empty"/> and waits to be added.</param>
    public RaftNode(ulong id, RaftOptions options, Random random, PersistedRaftState persisted, ClusterConfiguration bootstrapConfiguration)
    {
        ArgumentOutOfRangeException.ThrowIfEqual(id, NodeId.None);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(persisted);
        ArgumentNullException.ThrowIfNull(bootstrapConfiguration);
        RaftOptionsValidator.Validate(options);
        Id = id;
        _options = options.Clone();
        _random = random;
        _bootstrapConfiguration = bootstrapConfiguration;
        _snapshot = persisted.Snapshot;
        _log = new RaftLog(_snapshot?.Index ?? 0, _snapshot?.Term ?? 0, persisted.Entries, persisted.HardState.CommitIndex);
        (_term, _votedFor) = RecoveredTermAndVote(persisted.HardState, _log.LastTerm);
        (_configuration, _configurationIndex) = FindConfiguration(_log.LastIndex);
        _lastReadyHardState = CurrentHardState;
        BecomeFollower(_term, NodeId.None);
        _lastReadySoftState = CurrentSoftState;
    }

    public ulong Id { get; }

    public ulong Term => _term;

    public RaftRole Role => _role;

    /// <summary>The leader this node follows (itself when leader), or <see cref="NodeId.None"/>.</summary>
    public ulong LeaderId => _leaderId;

    public ulong CommitIndex => _log.Committed;

    /// <summary>Highest index handed out for applying and acknowledged with <see cref="Advance"/>.</summary>
    public ulong AppliedIndex => _log.Applied;

    public ulong LastIndex => _log.LastIndex;

    public ulong SnapshotIndex => _log.SnapshotIndex;

    public ClusterConfiguration Configuration => _configuration;

    /// <summary>While leader: the voter leadership is being handed to, or <see cref="NodeId.None"/>.</summary>
    public ulong TransferTarget => _transferTarget;

    public HardState CurrentHardState => new(_term, _votedFor, _log.Committed);

    public SoftState CurrentSoftState => new(_leaderId, _role);

    /// <summary>The in-memory entry at <paramref name="index"/>, or null if compacted or beyond the log (for checkers and hosts).</summary>
    public LogEntry? EntryAt(ulong index) =>
        index > _log.SnapshotIndex && index <= _log.LastIndex ? _log.EntryAt(index) : null;

    /// <summary>This node may campaign: it is a voter in the configuration in force.</summary>
    private bool IsPromotable => _configuration.IsVoter(Id);

    /// <summary>Members other than this node, in ascending id order (deterministic iteration).</summary>
    private IEnumerable<ulong> Peers => _configuration.Voters.Concat(_configuration.Learners).Where(member => member != Id);

    /// <summary>Advances logical time by one tick: election timeouts, heartbeats, quorum checks.</summary>
    public void Tick()
    {
        if (_role == RaftRole.Leader)
        {
            TickLeader();
        }
        else
        {
            TickElection();
        }
    }

    /// <summary>Starts an election now (tests and tools; PreVote applies as configured).</summary>
    public void Campaign() => StartElection(isTransfer: false);

    /// <summary>Handles one message from a peer. Messages for another node are a host bug.</summary>
    public void Step(RaftMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.To != Id)
        {
            throw new ArgumentException($"Message for node {message.To} delivered to node {Id}.", nameof(message));
        }

        if (message.Term > _term && !AcceptHigherTerm(message))
        {
            return;
        }

        if (message.Term < _term)
        {
            AnswerLowerTerm(message);
            return;
        }

        if (message is RequestVote request)
        {
            HandleVoteRequest(request);
        }
        else
        {
            switch (_role)
            {
                case RaftRole.Leader:
                    StepLeader(message);
                    break;
                case RaftRole.Candidate:
                case RaftRole.PreCandidate:
                    StepCandidate(message);
                    break;
                default:
                    StepFollower(message);
                    break;
            }
        }

        _log.AssertInvariants();
    }

    private void Send(RaftMessage message)
    {
        RaftAssert.That(message.To != Id && message.To != NodeId.None, "messages go to another node");
        _messages.Add(message);
    }

    private void ResetElectionTimer()
    {
        _electionElapsed = 0;
        _randomizedElectionTimeout = _options.ElectionTimeoutTicks + _random.Next(_options.ElectionTimeoutTicks);
    }

    /// <summary>
    /// A crash can keep a prefix of the last unsynced batch: its entries (written before the hard
    /// state) of a newer term, without the hard state that moved to that term. Nothing of that batch
    /// was sent, so no vote was cast in the newer term: adopt it with no vote.
    /// </summary>
    private static (ulong Term, ulong VotedFor) RecoveredTermAndVote(HardState hardState, ulong lastLogTerm) =>
        hardState.Term >= lastLogTerm ? (hardState.Term, hardState.VotedFor) : (lastLogTerm, NodeId.None);

    /// <summary>The latest configuration at or before <paramref name="index"/>: from a log entry, the snapshot, or the bootstrap.</summary>
    private (ClusterConfiguration Configuration, ulong Index) FindConfiguration(ulong index)
    {
        for (var i = Math.Min(index, _log.LastIndex); i > _log.SnapshotIndex; i--)
        {
            var entry = _log.EntryAt(i);
            if (entry.Kind == LogEntryKind.Configuration)
            {
                return (ClusterConfigurationCodec.Decode(entry.Data.Span), i);
            }
        }

        return _snapshot is not null && _log.SnapshotIndex > 0
            ? (_snapshot.Configuration, _snapshot.Index)
            : (_bootstrapConfiguration, 0);
    }
}
