namespace OrleansSync.Grains.Raft;

/// <summary>Client requests: proposals, membership changes, leadership transfer.</summary>
public sealed partial class RaftNode
{
    /// <summary>
    /// Appends a command to the leader's log. Accepted is not committed: the entry commits when it
    /// shows up among <see cref="Ready.CommittedEntries"/> with the returned index and term.
    /// </summary>
    public ProposalResult Propose(ReadOnlyMemory<byte> command)
    {
        var rejection = CheckLeaderCanAppend(command.Length);
        if (rejection is not null)
        {
            return rejection.Value;
        }

        var entry = AppendLeaderEntry(LogEntryKind.Command, command);
        return ProposalResult.Appended(entry.Index, entry.Term);
    }

    /// <summary>
    /// Proposes one single-server membership change. It takes effect on each node as soon as its
    /// entry is appended there; the next change is accepted once this one is committed.
    /// </summary>
    public ProposalResult ProposeConfigurationChange(ConfigurationChange change)
    {
        var rejection = CheckLeaderCanAppend(0);
        if (rejection is not null)
        {
            return rejection.Value;
        }

        if (_configurationIndex > _log.Committed)
        {
            return ProposalResult.Rejected(RejectionReason.ConfigurationChangePending);
        }

        if (!CommittedInCurrentTerm)
        {
            // Until the leader commits in its term, an uncommitted configuration of an earlier
            // leader may still be in the logs: changing again could allow two disjoint majorities.
            return ProposalResult.Rejected(RejectionReason.LeaderNotReady);
        }

        var (next, reason) = ApplyChange(_configuration, change);
        if (next is null)
        {
            return ProposalResult.Rejected(reason);
        }

        var entry = AppendLeaderEntry(LogEntryKind.Configuration, ClusterConfigurationCodec.Encode(next));
        ApplyLeaderConfiguration(next, entry.Index);
        return ProposalResult.Appended(entry.Index, entry.Term);
    }

    /// <summary>Asks the leader to hand leadership to a voter: it catches the target up, then sends TimeoutNow.</summary>
    public ProposalResult TransferLeadership(ulong target)
    {
        if (_role != RaftRole.Leader)
        {
            return ProposalResult.Rejected(RejectionReason.NotLeader, _leaderId);
        }

        if (target == Id || !_configuration.IsVoter(target))
        {
            return ProposalResult.Rejected(RejectionReason.InvalidTransferTarget);
        }

        _transferTarget = target;
        _electionElapsed = 0;
        var progress = _progress[target];
        if (progress.Match == _log.LastIndex)
        {
            Send(new TimeoutNow(Id, target, _term));
        }
        else
        {
            SendAppend(target, sendIfEmpty: true);
        }

        return ProposalResult.Started();
    }

    private ProposalResult? CheckLeaderCanAppend(int payloadBytes)
    {
        if (_role != RaftRole.Leader)
        {
            return ProposalResult.Rejected(RejectionReason.NotLeader, _leaderId);
        }

        if (_transferTarget != NodeId.None)
        {
            return ProposalResult.Rejected(RejectionReason.TransferInProgress, _transferTarget);
        }

        if ((long)payloadBytes + LogEntry.HeaderSizeBytes > _options.MaxEntryBytes)
        {
            return ProposalResult.Rejected(RejectionReason.EntryTooLarge);
        }

        if (_log.LastIndex - _log.Committed >= (ulong)_options.MaxUncommittedEntries)
        {
            return ProposalResult.Rejected(RejectionReason.TooManyUncommittedEntries);
        }

        if (_log.Count >= _options.MaxInMemoryLogEntries)
        {
            return ProposalResult.Rejected(RejectionReason.LogFull);
        }

        return null;
    }

    private (ClusterConfiguration? Next, RejectionReason Reason) ApplyChange(ClusterConfiguration current, ConfigurationChange change)
    {
        var node = change.Node;
        var isMember = current.IsVoter(node) || current.IsLearner(node);
        switch (change.Kind)
        {
            case ConfigurationChangeKind.AddLearner when node != NodeId.None && !isMember && current.Voters.Count + current.Learners.Count < ClusterConfigurationCodec.MaxMembers:
                return (new ClusterConfiguration(current.Voters, current.Learners.Append(node)), RejectionReason.None);
            case ConfigurationChangeKind.PromoteLearner when current.IsLearner(node):
                var match = _progress.TryGetValue(node, out var progress) ? progress.Match : 0;
                if (match + (ulong)_options.MaxPromotionLagEntries < _log.Committed)
                {
                    return (null, RejectionReason.LearnerNotCaughtUp);
                }

                return (new ClusterConfiguration(current.Voters.Append(node), current.Learners.Where(l => l != node)), RejectionReason.None);
            case ConfigurationChangeKind.RemoveNode when node == Id:
                return (null, RejectionReason.CannotRemoveLeader);
            case ConfigurationChangeKind.RemoveNode when isMember:
                return (new ClusterConfiguration(current.Voters.Where(v => v != node), current.Learners.Where(l => l != node)), RejectionReason.None);
            default:
                return (null, RejectionReason.InvalidConfigurationChange);
        }
    }

    /// <summary>The leader switches to a configuration it just appended: track new members, forget removed ones.</summary>
    private void ApplyLeaderConfiguration(ClusterConfiguration next, ulong index)
    {
        _configuration = next;
        _configurationIndex = index;
        foreach (var member in next.Voters.Concat(next.Learners))
        {
            if (!_progress.ContainsKey(member))
            {
                _progress[member] = NewProgress();
            }
        }

        foreach (var removed in _progress.Keys.Where(member => !next.IsVoter(member) && !next.IsLearner(member)).ToList())
        {
            _progress.Remove(removed);
        }

        // A smaller quorum may commit or confirm reads at once.
        if (MaybeCommit())
        {
            BroadcastAppend();
        }

        ConfirmReads();
    }
}
