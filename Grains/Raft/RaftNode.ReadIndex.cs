namespace OrleansSync.Grains.Raft;

/// <summary>
/// Linearizable reads without writing to the log (Raft thesis §6.4, ReadIndex): the leader records
/// its commit index, confirms with a heartbeat round acknowledged by a quorum that it was still the
/// leader when the read arrived, and only then releases the read.
/// </summary>
public sealed partial class RaftNode
{
    /// <summary>Reads waiting for a heartbeat quorum, in round order.</summary>
    private readonly Queue<PendingRead> _pendingReads = new();

    /// <summary>Reads that arrived before this leader committed an entry of its term (its commit index may be stale).</summary>
    private readonly List<PendingRead> _readsAwaitingCommit = [];

    /// <summary>The latest heartbeat round sent this term; reads registered since then wait for round + 1.</summary>
    private ulong _readRound;

    /// <summary>Reads wait for round <see cref="_readRound"/> + 1, which goes out at the next Ready (or at once without batching).</summary>
    private bool _readRoundPending;

    /// <summary>
    /// Requests a linearizable read identified by <paramref name="context"/>. When accepted, a later
    /// <see cref="Ready.ReadStates"/> carries (context, index): the read may be served once the
    /// state machine has applied that index. A follower forwards the request to its leader; if the
    /// leader changes meanwhile the read may never be answered, so the host times it out and retries.
    /// </summary>
    public ProposalResult ReadIndex(ReadOnlyMemory<byte> context)
    {
        if (_role == RaftRole.Leader)
        {
            return LeaderReadIndex(Id, context);
        }

        if (_leaderId == NodeId.None)
        {
            return ProposalResult.Rejected(RejectionReason.NoLeader);
        }

        Send(new ReadIndexRequest(Id, _leaderId, _term, context));
        return ProposalResult.Started();
    }

    private ProposalResult LeaderReadIndex(ulong requester, ReadOnlyMemory<byte> context)
    {
        if (_pendingReads.Count + _readsAwaitingCommit.Count >= _options.MaxPendingReadIndexRequests)
        {
            return ProposalResult.Rejected(RejectionReason.TooManyPendingReads);
        }

        var read = new PendingRead(0, 0, requester, context);
        if (!CommittedInCurrentTerm)
        {
            _readsAwaitingCommit.Add(read);
        }
        else
        {
            RegisterRead(read);
        }

        return ProposalResult.Started();
    }

    private void RegisterRead(PendingRead read)
    {
        _pendingReads.Enqueue(read with { Round = _readRound + 1, Index = _log.Committed });
        _readRoundPending = true;
        if (!_options.BatchingEnabled)
        {
            StartReadRound();
        }
    }

    private void ReleaseReadsAwaitingCommit()
    {
        foreach (var read in _readsAwaitingCommit)
        {
            RegisterRead(read);
        }

        _readsAwaitingCommit.Clear();
    }

    /// <summary>Sends the heartbeat round that confirms every read registered since the last one.</summary>
    private void StartReadRound()
    {
        if (!_readRoundPending || _role != RaftRole.Leader)
        {
            return;
        }

        _readRoundPending = false;
        _readRound++;
        _progress[Id].ReadRoundAcked = _readRound;
        ConfirmReads();
        BroadcastHeartbeat();
    }

    /// <summary>Releases every read whose round a quorum of voters has acknowledged.</summary>
    private void ConfirmReads()
    {
        if (_role != RaftRole.Leader || _pendingReads.Count == 0 || _configuration.Voters.Count == 0)
        {
            return;
        }

        var quorumRound = QuorumValue(readRounds: true);
        while (_pendingReads.Count > 0 && _pendingReads.Peek().Round <= quorumRound)
        {
            var read = _pendingReads.Dequeue();
            if (read.Requester == Id)
            {
                _readStates.Add(new ReadState(read.Context, read.Index));
            }
            else
            {
                Send(new ReadIndexResponse(Id, read.Requester, _term, read.Context, read.Index));
            }
        }
    }

    private void ClearPendingReads()
    {
        _pendingReads.Clear();
        _readsAwaitingCommit.Clear();
        _readRound = 0;
        _readRoundPending = false;
    }
}
