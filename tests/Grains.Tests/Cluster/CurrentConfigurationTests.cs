using OrleansSync.Grains.Cluster;
using OrleansSync.Grains.Interfaces.Raft;

namespace OrleansSync.Grains.Tests.Cluster;

/// <summary>
/// The status readers' choice of a group's current configuration among everything its replicas
/// answered, old and new ids alike (issue 12, item 5; ADR 0008).
/// </summary>
public sealed class CurrentConfigurationTests
{
    [Fact]
    public void TheLeadersConfigurationWins_OverAnOrphanLearnerThatNamesHigherIds()
    {
        // Replica 16 was added by a leader that lost leadership before the addition committed: its
        // view names 16 (above every real member) and two replicas that are gone.
        var orphan = Status(16, "Learner", term: 4, commit: 30, voters: [2, 10], learners: [16]);
        var leader = Status(9, "Leader", term: 6, commit: 41, voters: [3, 8, 9]);
        var follower = Status(8, "Follower", term: 6, commit: 41, voters: [3, 8, 9]);

        Assert.Same(leader, CurrentConfiguration.Choose([orphan, follower, leader]));
    }

    [Fact]
    public void TheLeaderOfTheHighestTermWins_OverADeposedLeaderThatHasNotHeard()
    {
        var deposed = Status(1, "Leader", term: 3, commit: 20, voters: [0, 1, 2]);
        var current = Status(4, "Leader", term: 5, commit: 25, voters: [1, 2, 4]);

        Assert.Same(current, CurrentConfiguration.Choose([deposed, current]));
    }

    [Fact]
    public void RemovedLostAndUnconfiguredReplicas_AreNeverChosen()
    {
        var removed = Status(0, "Removed", term: 0, commit: 0, voters: [5, 6, 7]);
        var lost = Status(1, "Lost", term: 0, commit: 0, voters: []);
        var unconfigured = Status(9, "Follower", term: 0, commit: 0, voters: []); // a replacement before its snapshot

        Assert.Null(CurrentConfiguration.Choose([removed, lost, unconfigured]));
    }

    [Fact]
    public void WithoutALeader_TheHighestTermThenCommitWins()
    {
        var behind = Status(3, "Follower", term: 7, commit: 10, voters: [3, 4, 5]);
        var ahead = Status(4, "Candidate", term: 8, commit: 9, voters: [3, 4, 5]);
        var stale = Status(1, "PreCandidate", term: 6, commit: 12, voters: [0, 1, 2]);

        Assert.Same(ahead, CurrentConfiguration.Choose([behind, stale, ahead]));
    }

    private static RaftPeerStatus Status(int replica, string role, ulong term, ulong commit, int[] voters, int[]? learners = null) =>
        new(0, replica, role, term, role == "Leader" ? replica : -1, commit, commit, "silo", voters, learners ?? []);
}
