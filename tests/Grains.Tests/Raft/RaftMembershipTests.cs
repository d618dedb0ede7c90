using OrleansSync.Grains.Raft;

namespace OrleansSync.Grains.Tests.Raft;

public sealed class RaftMembershipTests
{
    private static RaftTestNetwork ClusterWithLearner4(RaftOptions? options = null)
    {
        var network = new RaftTestNetwork(3, options);
        network.Elect(1);
        network.Propose(1, "before-4");
        network.AddPeer(4, ClusterConfiguration.Empty);
        Assert.True(network[1].ProposeConfigurationChange(new(ConfigurationChangeKind.AddLearner, 4)).IsAccepted);
        network.TickAll(3);
        return network;
    }

    [Fact]
    public void AddLearner_NewNode_ReceivesTheLogButDoesNotVote()
    {
        var network = ClusterWithLearner4();

        var expected = new ClusterConfiguration([1, 2, 3], [4]);
        Assert.All(network.Peers.Values, p => Assert.Equal(expected, p.Node.Configuration));
        Assert.Equal(["before-4"], network.Peers[4].AppliedCommands);
        Assert.Equal(network[1].CommitIndex, network[4].CommitIndex);
    }

    [Fact]
    public void Learner_IsNotCountedForCommitment()
    {
        var network = ClusterWithLearner4();
        network.Isolate(2);
        network.Isolate(3);

        network.Propose(1, "needs-a-voter");

        Assert.Equal(network[1].LastIndex, network[4].LastIndex);
        Assert.True(network[1].CommitIndex < network[1].LastIndex);
    }

    [Fact]
    public void Learner_NeverCampaigns()
    {
        var network = ClusterWithLearner4();
        network.Isolate(1);

        for (var i = 0; i < 100; i++)
        {
            network[4].Tick();
        }

        Assert.Equal(RaftRole.Follower, network[4].Role);
        Assert.False(network[4].HasReady && network[4].GetReady().Messages.OfType<RequestVote>().Any());
    }

    [Fact]
    public void PromoteLearner_CaughtUp_BecomesVoterAndCountsForQuorum()
    {
        var network = ClusterWithLearner4();

        Assert.True(network[1].ProposeConfigurationChange(new(ConfigurationChangeKind.PromoteLearner, 4)).IsAccepted);
        network.TickAll(2);

        Assert.All(network.Peers.Values, p => Assert.Equal(new ClusterConfiguration([1, 2, 3, 4]), p.Node.Configuration));
        network.Isolate(2);
        network.Isolate(3);
        network.Propose(1, "two-of-four");
        Assert.True(network[1].CommitIndex < network[1].LastIndex, "4 voters need 3 for a quorum");
    }

    [Fact]
    public void PromoteLearner_Lagging_IsRejected()
    {
        var network = new RaftTestNetwork(3, new RaftOptions { MaxPromotionLagEntries = 2 });
        network.Elect(1);
        network.AddPeer(4, ClusterConfiguration.Empty);
        network.Isolate(4);
        network[1].ProposeConfigurationChange(new(ConfigurationChangeKind.AddLearner, 4));
        network.Stabilize();
        Enumerable.Range(0, 5).ToList().ForEach(i => network.Propose(1, $"c{i}"));

        var result = network[1].ProposeConfigurationChange(new(ConfigurationChangeKind.PromoteLearner, 4));

        Assert.Equal(RejectionReason.LearnerNotCaughtUp, result.Reason);
    }

    [Fact]
    public void RemoveNode_Voter_LeavesTheConfigurationAndTheQuorumShrinks()
    {
        var network = new RaftTestNetwork(3);
        network.Elect(1);

        Assert.True(network[1].ProposeConfigurationChange(new(ConfigurationChangeKind.RemoveNode, 3)).IsAccepted);
        network.Stabilize();
        network.Isolate(3);
        network.Propose(1, "without-3");

        Assert.Equal(new ClusterConfiguration([1, 2]), network[1].Configuration);
        Assert.Equal(network[1].LastIndex, network[1].CommitIndex);
        Assert.Equal(["without-3"], network.Peers[2].AppliedCommands);
        network.Isolate(2);
        network.Propose(1, "alone");
        Assert.True(network[1].CommitIndex < network[1].LastIndex, "2 voters need both");
    }

    [Fact]
    public void ProposeConfigurationChange_WhileOneIsUncommitted_IsRejected()
    {
        var network = new RaftTestNetwork(3);
        network.Elect(1);
        network.Isolate(2);
        network.Isolate(3);

        Assert.True(network[1].ProposeConfigurationChange(new(ConfigurationChangeKind.AddLearner, 4)).IsAccepted);
        var second = network[1].ProposeConfigurationChange(new(ConfigurationChangeKind.AddLearner, 5));

        Assert.Equal(RejectionReason.ConfigurationChangePending, second.Reason);
    }

    [Theory]
    [InlineData(ConfigurationChangeKind.AddLearner, 2UL, RejectionReason.InvalidConfigurationChange)]
    [InlineData(ConfigurationChangeKind.PromoteLearner, 2UL, RejectionReason.InvalidConfigurationChange)]
    [InlineData(ConfigurationChangeKind.RemoveNode, 9UL, RejectionReason.InvalidConfigurationChange)]
    [InlineData(ConfigurationChangeKind.RemoveNode, 1UL, RejectionReason.CannotRemoveLeader)]
    [InlineData(ConfigurationChangeKind.AddLearner, 0UL, RejectionReason.InvalidConfigurationChange)]
    public void ProposeConfigurationChange_Invalid_IsRejectedWithReason(ConfigurationChangeKind kind, ulong node, RejectionReason expected)
    {
        var network = new RaftTestNetwork(3);
        network.Elect(1);

        Assert.Equal(expected, network[1].ProposeConfigurationChange(new(kind, node)).Reason);
    }

    [Fact]
    public void ProposeConfigurationChange_BeforeLeaderCommitsInItsTerm_IsRejected()
    {
        var network = new RaftTestNetwork(3);
        network.DropWhen = m => m is AppendEntriesResponse;
        network.Elect(1);

        var result = network[1].ProposeConfigurationChange(new(ConfigurationChangeKind.AddLearner, 4));

        Assert.Equal(RejectionReason.LeaderNotReady, result.Reason);
    }

    [Fact]
    public void ConfigurationEntry_TruncatedOnAFollower_RevertsItsConfiguration()
    {
        var network = new RaftTestNetwork(5, new RaftOptions { CheckQuorum = false });
        network.Elect(1);

        // Only node 2 receives the change, and its acknowledgement is lost: not committed.
        network.DropWhen = m => (m is AppendEntries { Entries.Count: > 0 } && m.To != 2) || (m is AppendEntriesResponse && m.From == 2);
        network[1].ProposeConfigurationChange(new(ConfigurationChangeKind.AddLearner, 6));
        network.Stabilize();
        Assert.Equal(new ClusterConfiguration([1, 2, 3, 4, 5], [6]), network[2].Configuration);

        // Node 3 wins without node 1 and 2 and overwrites index 3 on node 2.
        network.Recover();
        network.Isolate(1);
        network.Cut(2, 3);
        network.Elect(3);
        network.Recover();
        network.Isolate(1);
        network.TickAll(2);

        Assert.Equal(network.Bootstrap, network[2].Configuration);
        Assert.Equal(network[3].LastIndex, network[2].LastIndex);
    }

    [Fact]
    public void ClusterConfigurationCodec_RoundTrips()
    {
        var configuration = new ClusterConfiguration([3, 1, ulong.MaxValue], [7]);

        var decoded = ClusterConfigurationCodec.Decode(ClusterConfigurationCodec.Encode(configuration));

        Assert.Equal(configuration, decoded);
        Assert.Throws<FormatException>(() => ClusterConfigurationCodec.Decode(new byte[] { 1, 2, 0, 0, 0, 0, 0, 0, 0 }));
        Assert.Throws<FormatException>(() => ClusterConfigurationCodec.Decode(new byte[] { 9 }));
    }
}
