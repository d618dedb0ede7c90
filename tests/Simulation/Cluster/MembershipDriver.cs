using OrleansSync.Grains.Raft;

namespace OrleansSync.Simulation.Cluster;

/// <summary>
/// The operator's membership changes: remove a voter (never the leader), wait, add it back as a
/// learner, and promote it once it has caught up. Each step is proposed at the current leader and
/// retried until the leader's configuration shows it, since a proposal can be lost to a leader change.
/// </summary>
internal sealed class MembershipDriver
{
    /// <summary>Ticks between two attempts at the same step.</summary>
    private const int RetryIntervalTicks = 5;

    private ulong _node;
    private long _nextAttemptTick;
    private long _removedUntilTick;

    public MembershipPhase Phase { get; private set; }

    public int CompletedChanges { get; private set; }

    /// <summary>Starts removing a voter other than <paramref name="leader"/>, if there are enough voters.</summary>
    public bool TryStart(RaftNode leader, Random random, long nowTick, int removedTicks)
    {
        var candidates = leader.Configuration.Voters.Where(v => v != leader.Id).ToList();
        if (Phase != MembershipPhase.Idle || leader.Configuration.Voters.Count < 3 || candidates.Count == 0)
        {
            return false;
        }

        _node = candidates[random.Next(candidates.Count)];
        Phase = MembershipPhase.Removing;
        _nextAttemptTick = nowTick;
        _removedUntilTick = nowTick + removedTicks;
        return true;
    }

    /// <summary>
    /// Advances the workflow against the current leader; returns a description of what it proposed, if anything.
    /// The next step is read off the leader's configuration each time, because a configuration takes
    /// effect when appended and a later leader may not have it.
    /// </summary>
    public string? Drive(RaftNode? leader, long nowTick)
    {
        if (Phase == MembershipPhase.Idle || leader is null || nowTick < _nextAttemptTick)
        {
            return null;
        }

        var change = NextChange(leader.Configuration, nowTick);
        if (change is null)
        {
            return null;
        }

        _nextAttemptTick = nowTick + RetryIntervalTicks;
        var result = leader.ProposeConfigurationChange(change.Value);
        return $"leader {leader.Id} proposes {change.Value.Kind} {_node}: {(result.IsAccepted ? "appended at " + result.Index : result.Reason.ToString())}";
    }

    private ConfigurationChange? NextChange(ClusterConfiguration configuration, long nowTick)
    {
        var isVoter = configuration.IsVoter(_node);
        var isLearner = configuration.IsLearner(_node);
        if (Phase == MembershipPhase.Removing)
        {
            if (isVoter || isLearner)
            {
                return new ConfigurationChange(ConfigurationChangeKind.RemoveNode, _node);
            }

            Phase = MembershipPhase.Removed;
        }

        if (Phase == MembershipPhase.Removed && nowTick < _removedUntilTick)
        {
            return null;
        }

        if (isVoter)
        {
            Phase = MembershipPhase.Idle;
            CompletedChanges++;
            return null;
        }

        Phase = isLearner ? MembershipPhase.Promoting : MembershipPhase.AddingLearner;
        return new ConfigurationChange(isLearner ? ConfigurationChangeKind.PromoteLearner : ConfigurationChangeKind.AddLearner, _node);
    }
}
