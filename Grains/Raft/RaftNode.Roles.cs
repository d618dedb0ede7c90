namespace OrleansSync.Grains.Raft;

/// <summary>Role transitions, ticks and elections.</summary>
public sealed partial class RaftNode
{
    private void Reset(ulong term)
    {
        if (term != _term)
        {
            RaftAssert.That(term > _term, $"the term never decreases ({_term} -> {term})");
            _term = term;
            _votedFor = NodeId.None;
        }

        _leaderId = NodeId.None;
        _heartbeatElapsed = 0;
        ResetElectionTimer();
        _transferTarget = NodeId.None;
        _votes.Clear();
        _progress.Clear();
        _appendBroadcastPending = false;
        ClearPendingReads();
    }

    private void BecomeFollower(ulong term, ulong leader)
    {
        Reset(term);
        _role = RaftRole.Follower;
        _leaderId = leader;
    }

    private void BecomePreCandidate()
    {
        RaftAssert.That(_role != RaftRole.Leader, "a leader does not start a pre-election");
        // PreVote changes neither term nor vote: a node that cannot win leaves no trace.
        _votes.Clear();
        _leaderId = NodeId.None;
        _role = RaftRole.PreCandidate;
        ResetElectionTimer();
    }

    private void BecomeCandidate()
    {
        RaftAssert.That(_role != RaftRole.Leader, "a leader does not become a candidate");
        Reset(_term + 1);
        _votedFor = Id;
        _role = RaftRole.Candidate;
    }

    private void BecomeLeader()
    {
        RaftAssert.That(_role == RaftRole.Candidate, "only a candidate becomes leader");
        Reset(_term);
        _role = RaftRole.Leader;
        _leaderId = Id;
        foreach (var member in _configuration.Voters.Concat(_configuration.Learners))
        {
            _progress[member] = NewProgress();
        }

        if (_progress.TryGetValue(Id, out var self))
        {
            self.Match = _log.LastIndex;
            self.BecomeReplicate();
            self.RecentActive = true;
        }

        // Raft §8: a new leader commits a blank entry of its own term, which also commits every earlier entry.
        AppendLeaderEntry(LogEntryKind.NoOp, ReadOnlyMemory<byte>.Empty);
    }

    private Progress NewProgress() => new(_log.LastIndex + 1, _options.MaxInflightAppends);

    private void TickElection()
    {
        _electionElapsed++;
        if (IsPromotable && _electionElapsed >= _randomizedElectionTimeout)
        {
            _electionElapsed = 0;
            StartElection(isTransfer: false);
        }
    }

    private void TickLeader()
    {
        _heartbeatElapsed++;
        _electionElapsed++;
        if (_electionElapsed >= _options.ElectionTimeoutTicks)
        {
            _electionElapsed = 0;
            if (_options.CheckQuorum && !QuorumRecentlyActive())
            {
                BecomeFollower(_term, NodeId.None);
                return;
            }

            // A transfer that has not finished within an election timeout is abandoned.
            _transferTarget = NodeId.None;
        }

        if (_heartbeatElapsed >= _options.HeartbeatIntervalTicks)
        {
            _heartbeatElapsed = 0;
            BroadcastHeartbeat();
        }
    }

    /// <summary>CheckQuorum: a quorum of voters was heard from since the last check; then start a new period.</summary>
    private bool QuorumRecentlyActive()
    {
        var active = _configuration.Voters.Count(voter => voter == Id || (_progress.TryGetValue(voter, out var progress) && progress.RecentActive));
        foreach (var (member, progress) in _progress)
        {
            progress.RecentActive = member == Id;
        }

        return active >= _configuration.Quorum;
    }

    private void StartElection(bool isTransfer)
    {
        if (!IsPromotable || _role == RaftRole.Leader)
        {
            return;
        }

        if (_options.PreVote && !isTransfer)
        {
            BecomePreCandidate();
            RequestVotes(_term + 1, isPreVote: true, isTransfer: false);
        }
        else
        {
            BecomeCandidate();
            RequestVotes(_term, isPreVote: false, isTransfer);
        }
    }

    private void RequestVotes(ulong term, bool isPreVote, bool isTransfer)
    {
        if (RecordVote(Id, granted: true) == ElectionOutcome.Won)
        {
            WinElection(isPreVote);
            return;
        }

        foreach (var voter in _configuration.Voters.Where(voter => voter != Id))
        {
            Send(new RequestVote(Id, voter, term, _log.LastIndex, _log.LastTerm, isPreVote, isTransfer));
        }
    }

    private void WinElection(bool wasPreVote)
    {
        if (wasPreVote)
        {
            BecomeCandidate();
            RequestVotes(_term, isPreVote: false, isTransfer: false);
        }
        else
        {
            BecomeLeader();
        }
    }

    private ElectionOutcome RecordVote(ulong voter, bool granted)
    {
        _votes.TryAdd(voter, granted);
        var grantedCount = _configuration.Voters.Count(v => _votes.TryGetValue(v, out var g) && g);
        var rejectedCount = _configuration.Voters.Count(v => _votes.TryGetValue(v, out var g) && !g);
        if (grantedCount >= _configuration.Quorum)
        {
            return ElectionOutcome.Won;
        }

        return rejectedCount > _configuration.Voters.Count - _configuration.Quorum ? ElectionOutcome.Lost : ElectionOutcome.Pending;
    }
}
