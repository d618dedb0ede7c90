namespace OrleansSync.Grains.Raft;

/// <summary>How a follower takes entries and commit indexes from its leader.</summary>
public sealed partial class RaftNode
{
    private void HandleAppendEntries(AppendEntries append)
    {
        // Everything up to our commit index is in every later leader's log (Leader Completeness),
        // so a previous entry at or below it matches even if it is compacted here.
        var previousMatches = append.PrevLogIndex <= _log.Committed || _log.MatchTerm(append.PrevLogIndex, append.PrevLogTerm);
        if (!previousMatches)
        {
            RejectAppend(append);
            return;
        }

        var lastNewIndex = append.PrevLogIndex + (ulong)append.Entries.Count;
        var truncatedFrom = _log.MergeFromLeader(append.Entries);
        UpdateConfigurationAfterAppend(append.Entries, truncatedFrom);

        // Raft Figure 2: "If leaderCommit > commitIndex, set commitIndex = min(leaderCommit, index of last new entry)".
        _log.CommitTo(Math.Min(append.LeaderCommit, lastNewIndex));
        var matchIndex = Math.Max(lastNewIndex, _log.Committed);
        Send(new AppendEntriesResponse(Id, append.From, _term, true, matchIndex, 0, 0, 0));
    }

    private void RejectAppend(AppendEntries append)
    {
        ulong conflictIndex;
        ulong conflictTerm;
        if (append.PrevLogIndex > _log.LastIndex)
        {
            conflictIndex = _log.LastIndex + 1;
            conflictTerm = 0;
        }
        else
        {
            conflictTerm = _log.TermAt(append.PrevLogIndex) ?? 0;
            RaftAssert.That(conflictTerm != 0, "a rejected previous index above the commit index is in memory");
            conflictIndex = append.PrevLogIndex;
            while (conflictIndex - 1 > _log.Committed && _log.TermAt(conflictIndex - 1) == conflictTerm)
            {
                conflictIndex--;
            }
        }

        Send(new AppendEntriesResponse(Id, append.From, _term, false, 0, append.PrevLogIndex, conflictIndex, conflictTerm));
    }

    /// <summary>A configuration takes effect as soon as it is in the log, and is undone if its entry is truncated.</summary>
    private void UpdateConfigurationAfterAppend(IReadOnlyList<LogEntry> entries, ulong? truncatedFrom)
    {
        if (truncatedFrom is not null && truncatedFrom <= _configurationIndex)
        {
            (_configuration, _configurationIndex) = FindConfiguration(_log.LastIndex);
            return;
        }

        for (var i = entries.Count - 1; i >= 0; i--)
        {
            var entry = entries[i];
            if (entry.Kind == LogEntryKind.Configuration && entry.Index > _configurationIndex && _log.MatchTerm(entry.Index, entry.Term))
            {
                _configuration = ClusterConfigurationCodec.Decode(entry.Data.Span);
                _configurationIndex = entry.Index;
                return;
            }
        }
    }

    private void HandleHeartbeat(Heartbeat heartbeat)
    {
        _log.CommitTo(heartbeat.LeaderCommit);
        Send(new HeartbeatResponse(Id, heartbeat.From, _term, heartbeat.ReadRound));
    }
}
