namespace OrleansSync.Grains.Raft;

/// <summary>Term rules, votes, and the follower and candidate step functions.</summary>
public sealed partial class RaftNode
{
    /// <summary>A message from a higher term: returns false if it must be ignored.</summary>
    private bool AcceptHigherTerm(RaftMessage message)
    {
        if (message is RequestVote request)
        {
            // CheckQuorum's other half: while a leader is known to be alive, ignore campaigns that
            // would depose it, unless the leader itself asked for them (TimeoutNow).
            var inLease = _options.CheckQuorum && _leaderId != NodeId.None && _electionElapsed < _options.ElectionTimeoutTicks;
            if (inLease && !request.IsLeadershipTransfer)
            {
                return false;
            }

            if (request.IsPreVote)
            {
                return true;
            }
        }
        else if (message is RequestVoteResponse { IsPreVote: true, Granted: true })
        {
            // A granted PreVote carries the term we would campaign in; we adopt it only by winning.
            return true;
        }

        var leader = message is AppendEntries or Heartbeat or InstallSnapshot ? message.From : NodeId.None;
        BecomeFollower(message.Term, leader);
        return true;
    }

    private void AnswerLowerTerm(RaftMessage message)
    {
        if (message is AppendEntries or Heartbeat)
        {
            // Raft §5.1: "If a server receives a request with a stale term number, it rejects the
            // request": the reply carries our term, so a deposed leader steps down.
            Send(new AppendEntriesResponse(Id, message.From, _term, false, 0, 0, 0, 0));
        }
        else if (message is RequestVote { IsPreVote: true })
        {
            Send(new RequestVoteResponse(Id, message.From, _term, IsPreVote: true, Granted: false));
        }
    }

    private void HandleVoteRequest(RequestVote request)
    {
        // Raft §5.2: "each server will vote for at most one candidate in a given term".
        var canVote = _votedFor == request.From ||
            (_votedFor == NodeId.None && _leaderId == NodeId.None) ||
            (request.IsPreVote && request.Term > _term);

        // Raft §5.4.1: grant only if "the candidate's log is at least as up-to-date as receiver's log".
        if (canVote && _log.IsUpToDate(request.LastLogIndex, request.LastLogTerm))
        {
            Send(new RequestVoteResponse(Id, request.From, request.Term, request.IsPreVote, Granted: true));
            if (!request.IsPreVote)
            {
                _electionElapsed = 0;
                _votedFor = request.From;
            }
        }
        else
        {
            Send(new RequestVoteResponse(Id, request.From, _term, request.IsPreVote, Granted: false));
        }
    }

    private void StepFollower(RaftMessage message)
    {
        switch (message)
        {
            case AppendEntries append:
                HeardFromLeader(append.From);
                HandleAppendEntries(append);
                break;
            case Heartbeat heartbeat:
                HeardFromLeader(heartbeat.From);
                HandleHeartbeat(heartbeat);
                break;
            case InstallSnapshot chunk:
                HeardFromLeader(chunk.From);
                HandleSnapshotChunk(chunk);
                break;
            case TimeoutNow:
                StartElection(isTransfer: true);
                break;
            case ReadIndexResponse response:
                _readStates.Add(new ReadState(response.Context, response.Index));
                break;
            default:
                // Responses meant for a leader or candidate we no longer are; forwarded reads for a
                // leader we are not (the requester times out and retries).
                break;
        }
    }

    private void HeardFromLeader(ulong leader)
    {
        _electionElapsed = 0;
        _leaderId = leader;
    }

    private void StepCandidate(RaftMessage message)
    {
        switch (message)
        {
            case AppendEntries or Heartbeat or InstallSnapshot:
                // Raft §5.2: "If the AppendEntries RPC is from another server claiming to be leader
                // [...] then the candidate recognizes the leader as legitimate and returns to follower state".
                BecomeFollower(message.Term, message.From);
                StepFollower(message);
                break;
            case RequestVoteResponse response when response.IsPreVote == (_role == RaftRole.PreCandidate):
                var outcome = RecordVote(response.From, response.Granted);
                if (outcome == ElectionOutcome.Won)
                {
                    WinElection(wasPreVote: _role == RaftRole.PreCandidate);
                }
                else if (outcome == ElectionOutcome.Lost)
                {
                    BecomeFollower(_term, NodeId.None);
                }

                break;
            default:
                break;
        }
    }
}
