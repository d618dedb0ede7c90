namespace OrleansSync.Grains.Raft;

/// <summary>The leader's step function: replication, flow control, commitment.</summary>
public sealed partial class RaftNode
{
    private void StepLeader(RaftMessage message)
    {
        switch (message)
        {
            case AppendEntriesResponse response:
                HandleAppendResponse(response);
                break;
            case HeartbeatResponse response:
                HandleHeartbeatResponse(response);
                break;
            case InstallSnapshotResponse response:
                HandleSnapshotResponse(response);
                break;
            case ReadIndexRequest request:
                LeaderReadIndex(request.From, request.Context);
                break;
            default:
                // Vote responses from an election already won, a TimeoutNow for an earlier leader, ...
                break;
        }
    }

    /// <summary>Appends a new entry of the current term and schedules (or sends) its replication.</summary>
    private LogEntry AppendLeaderEntry(LogEntryKind kind, ReadOnlyMemory<byte> data)
    {
        RaftAssert.That(_role == RaftRole.Leader, "only the leader appends new entries");
        var entry = new LogEntry(_log.LastIndex + 1, _term, kind, data);
        _log.AppendNew(entry);
        if (_progress.TryGetValue(Id, out var self))
        {
            self.MaybeUpdate(entry.Index);
        }

        MaybeCommit();
        if (_options.BatchingEnabled)
        {
            _appendBroadcastPending = true;
        }
        else
        {
            SendPendingEntriesToAll();
        }

        return entry;
    }

    private void SendPendingEntriesToAll()
    {
        _appendBroadcastPending = false;
        foreach (var peer in Peers)
        {
            while (SendAppend(peer, sendIfEmpty: false))
            {
            }
        }
    }

    /// <summary>Sends appends to every peer, empty ones too (they carry the commit index).</summary>
    private void BroadcastAppend()
    {
        foreach (var peer in Peers)
        {
            SendAppend(peer, sendIfEmpty: true);
        }
    }

    /// <summary>
    /// Sends the next append to <paramref name="peer"/> if its flow control allows; switches to
    /// snapshot streaming when the entries it needs are compacted. Returns true if an append was sent.
    /// </summary>
    private bool SendAppend(ulong peer, bool sendIfEmpty)
    {
        if (!_progress.TryGetValue(peer, out var progress) || progress.IsPaused)
        {
            return false;
        }

        var prevIndex = progress.Next - 1;
        var prevTerm = _log.TermAt(prevIndex);
        if (prevTerm is null)
        {
            StartSnapshotTransfer(peer, progress);
            return false;
        }

        var maxEntries = _options.BatchingEnabled ? _options.MaxEntriesPerAppend : 1;
        var entries = progress.Next <= _log.LastIndex
            ? _log.Slice(progress.Next, maxEntries, _options.MaxAppendBytes)
            : [];
        if (entries.Count == 0 && !sendIfEmpty)
        {
            return false;
        }

        Send(new AppendEntries(Id, peer, _term, prevIndex, prevTerm.Value, entries, _log.Committed));
        progress.SentAppend(entries.Count, entries.Count > 0 ? entries[^1].Index : prevIndex);
        return true;
    }

    private void BroadcastHeartbeat()
    {
        foreach (var peer in Peers)
        {
            if (_progress.TryGetValue(peer, out var progress))
            {
                // Never tell a follower to commit past what it is known to hold.
                var commit = Math.Min(progress.Match, _log.Committed);
                Send(new Heartbeat(Id, peer, _term, commit, _readRound));
            }
        }
    }

    private void HandleAppendResponse(AppendEntriesResponse response)
    {
        if (!_progress.TryGetValue(response.From, out var progress))
        {
            return;
        }

        progress.RecentActive = true;
        if (!response.Success)
        {
            var probeIndex = ProbeIndexFromHints(response);
            if (progress.MaybeDecrementTo(response.RejectedPrevLogIndex, probeIndex))
            {
                SendAppend(response.From, sendIfEmpty: true);
            }

            return;
        }

        var wasPaused = progress.IsPaused;
        if (!progress.MaybeUpdate(response.MatchIndex))
        {
            return;
        }

        switch (progress.State)
        {
            case ProgressState.Probe:
                progress.BecomeReplicate();
                break;
            case ProgressState.Snapshot when progress.Match >= progress.SnapshotIndex:
                progress.BecomeProbe();
                progress.BecomeReplicate();
                break;
            case ProgressState.Replicate:
                progress.Inflights.FreeUpTo(response.MatchIndex);
                break;
            default:
                break;
        }

        if (MaybeCommit() && _options.CommitIndexBroadcast)
        {
            BroadcastAppend();
        }
        else
        {
            // Without the broadcast a new commit index rides on the next append a follower gets,
            // or on the next heartbeat. A follower that was paused may have missed the commit
            // index: tell it even without new entries.
            var sendIfEmpty = wasPaused;
            while (SendAppend(response.From, sendIfEmpty))
            {
                sendIfEmpty = false;
            }
        }

        if (response.From == _transferTarget && progress.Match == _log.LastIndex)
        {
            Send(new TimeoutNow(Id, response.From, _term));
        }
    }

    /// <summary>
    /// Fast backtracking (Raft §5.3, "the follower can include the term of the conflicting entry
    /// and the first index it stores for that term"): skip a whole conflicting term per round trip.
    /// </summary>
    private ulong ProbeIndexFromHints(AppendEntriesResponse response)
    {
        if (response.ConflictTerm == 0)
        {
            return response.ConflictIndex;
        }

        // Our last entry of the conflict term, if we have that term: the logs agree up to it.
        var index = Math.Min(response.RejectedPrevLogIndex, _log.LastIndex);
        while (index > _log.SnapshotIndex && _log.TermAt(index) > response.ConflictTerm)
        {
            index--;
        }

        return _log.TermAt(index) == response.ConflictTerm ? index + 1 : response.ConflictIndex;
    }

    private void HandleHeartbeatResponse(HeartbeatResponse response)
    {
        if (!_progress.TryGetValue(response.From, out var progress))
        {
            return;
        }

        progress.RecentActive = true;
        progress.ProbeSent = false;
        if (progress.State == ProgressState.Replicate && progress.Inflights.IsFull)
        {
            // A lost append must not stall the window for ever.
            progress.Inflights.FreeOldest();
        }

        if (progress.State == ProgressState.Snapshot)
        {
            RetransmitSnapshotChunk(response.From, progress);
        }
        else if (progress.Match < _log.LastIndex)
        {
            SendAppend(response.From, sendIfEmpty: true);
        }

        if (response.ReadRound > progress.ReadRoundAcked)
        {
            progress.ReadRoundAcked = response.ReadRound;
            ConfirmReads();
        }
    }

    /// <summary>
    /// Raft §5.3/§5.4.2: commit the highest index stored on a quorum of voters, but "only log
    /// entries from the leader's current term are committed by counting replicas".
    /// </summary>
    private bool MaybeCommit()
    {
        if (_configuration.Voters.Count == 0)
        {
            return false;
        }

        var quorumIndex = QuorumValue(readRounds: false);
        if (quorumIndex <= _log.Committed || _log.TermAt(quorumIndex) != _term)
        {
            return false;
        }

        var hadCommittedInTerm = CommittedInCurrentTerm;
        _log.CommitTo(quorumIndex);
        if (!hadCommittedInTerm)
        {
            ReleaseReadsAwaitingCommit();
        }

        return true;
    }

    /// <summary>
    /// The highest value that a quorum of voters has reached: of their Match indexes, or of their
    /// acknowledged ReadIndex rounds. Sorts into a reused buffer (this runs on every acknowledgement).
    /// </summary>
    private ulong QuorumValue(bool readRounds)
    {
        var voters = _configuration.Voters;
        if (_quorumScratch.Length < voters.Count)
        {
            _quorumScratch = new ulong[voters.Count];
        }

        var values = _quorumScratch.AsSpan(0, voters.Count);
        for (var i = 0; i < voters.Count; i++)
        {
            values[i] = _progress.TryGetValue(voters[i], out var progress) ? (readRounds ? progress.ReadRoundAcked : progress.Match) : 0;
        }

        values.Sort();
        return values[voters.Count - _configuration.Quorum];
    }

    private bool CommittedInCurrentTerm => _log.TermAt(_log.Committed) == _term;
}
