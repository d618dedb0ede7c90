using OrleansSync.Grains.Raft;

namespace OrleansSync.Grains.Tests.Raft;

public sealed class RaftElectionTests
{
    [Fact]
    public void Tick_ThreeNodes_ElectsExactlyOneLeaderWhomAllFollow()
    {
        var network = new RaftTestNetwork(3);

        var leader = network.TickUntilLeader();

        Assert.Single(network.Peers.Values, p => p.Node.Role == RaftRole.Leader);
        Assert.All(network.Peers.Values, p => Assert.Equal(leader, p.Node.LeaderId));
        Assert.All(network.Peers.Values, p => Assert.Equal(network[leader].Term, p.Node.Term));
    }

    [Fact]
    public void Campaign_WithPreVote_WinsInTheNextTermOnly()
    {
        var network = new RaftTestNetwork(3);

        network.Elect(1);

        Assert.Equal(1UL, network[1].Term);
        Assert.Equal(1UL, network[2].LeaderId);
        Assert.Equal(1UL, network[3].LeaderId);
    }

    [Fact]
    public void Campaign_SingleVoter_BecomesLeaderAndCommitsItsNoOp()
    {
        var network = new RaftTestNetwork(1);

        network.Elect(1);

        Assert.Equal(1UL, network[1].CommitIndex);
        Assert.Equal(LogEntryKind.NoOp, Assert.Single(network.Peers[1].Applied).Kind);
    }

    [Fact]
    public void Campaign_MinorityPartition_CannotWin()
    {
        var network = new RaftTestNetwork(5);
        network.Isolate(1);

        network[1].Campaign();
        network.Stabilize();

        Assert.NotEqual(RaftRole.Leader, network[1].Role);
        Assert.Equal(0UL, network[1].Term);
    }

    [Fact]
    public void Tick_ElectionTimeout_IsRandomizedPerNodeFromTheInjectedSeed()
    {
        var options = new RaftOptions { PreVote = false, CheckQuorum = false };
        int TicksUntilCandidate(int seed)
        {
            var node = new RaftNode(1, options, new Random(seed), PersistedRaftState.Empty, new ClusterConfiguration([1, 2, 3]));
            for (var tick = 1; tick <= 2 * options.ElectionTimeoutTicks; tick++)
            {
                node.Tick();
                if (node.Role == RaftRole.Candidate)
                {
                    return tick;
                }
            }

            return -1;
        }

        var timeouts = Enumerable.Range(0, 50).Select(TicksUntilCandidate).ToList();

        Assert.All(timeouts, t => Assert.InRange(t, options.ElectionTimeoutTicks, (2 * options.ElectionTimeoutTicks) - 1));
        Assert.True(timeouts.Distinct().Count() > 1, "timeouts vary with the seed");
        Assert.Equal(timeouts, Enumerable.Range(0, 50).Select(TicksUntilCandidate).ToList());
    }

    [Fact]
    public void PreVote_IsolatedNodeRejoining_DoesNotDisruptTheLeader()
    {
        var network = new RaftTestNetwork(3);
        network.Elect(1);
        network.Isolate(3);

        network.TickAll(100);
        Assert.Equal(1UL, network[3].Term);
        network.Propose(1, "while-3-was-away");
        network.Recover();
        network.TickAll(30);

        Assert.Equal(RaftRole.Leader, network[1].Role);
        Assert.Equal(1UL, network[1].Term);
        Assert.Equal(1UL, network[3].LeaderId);
        Assert.Equal(["while-3-was-away"], network.Peers[3].AppliedCommands);
    }

    [Fact]
    public void WithoutPreVote_IsolatedNodeInflatesItsTerm()
    {
        var network = new RaftTestNetwork(3, new RaftOptions { PreVote = false, CheckQuorum = false });
        network.Elect(1);
        network.Isolate(3);

        network.TickAll(100);

        Assert.True(network[3].Term > 3, $"term {network[3].Term} grew while isolated");
    }

    [Fact]
    public void CheckQuorum_LeaderCutOffFromQuorum_StepsDownWithinTwoElectionTimeouts()
    {
        var network = new RaftTestNetwork(3);
        network.Elect(1);
        network.Isolate(1);

        network.TickAll(2 * network.Options.ElectionTimeoutTicks);

        Assert.Equal(RaftRole.Follower, network[1].Role);
        Assert.Equal(NodeId.None, network[1].LeaderId);
    }

    [Fact]
    public void CheckQuorum_LeaderInContact_KeepsLeading()
    {
        var network = new RaftTestNetwork(3);
        network.Elect(1);

        network.TickAll(10 * network.Options.ElectionTimeoutTicks);

        Assert.Equal(RaftRole.Leader, network[1].Role);
        Assert.Equal(1UL, network[1].Term);
    }

    [Fact]
    public void CheckQuorum_FollowerThatHeardFromLeader_IgnoresAHigherTermVoteRequest()
    {
        var network = new RaftTestNetwork(3);
        network.Elect(1);

        network[2].Step(new RequestVote(3, 2, 5, 100, 5, IsPreVote: false, IsLeadershipTransfer: false));

        Assert.Equal(1UL, network[2].Term);
        Assert.Equal(1UL, network[2].LeaderId);
    }

    [Fact]
    public void Restart_FromPersistedState_KeepsTermVoteAndLog()
    {
        var network = new RaftTestNetwork(3);
        network.Elect(1);
        network.Propose(1, "a");

        network.Peers[2].Restart();

        Assert.Equal(1UL, network[2].Term);
        Assert.Equal(network[1].LastIndex, network[2].LastIndex);
        Assert.Equal(1UL, network.Peers[2].Storage.HardState.VotedFor);
    }

    [Fact]
    public void Restart_EntriesOfANewerTermThanTheSavedHardState_AdoptsThatTermWithoutAVote()
    {
        // A crash kept the entries of the last unsynced batch but not its hard state.
        var persisted = new PersistedRaftState(new HardState(1, 3, 1), null, [new LogEntry(1, 1, LogEntryKind.NoOp, ReadOnlyMemory<byte>.Empty), new LogEntry(2, 2, LogEntryKind.NoOp, ReadOnlyMemory<byte>.Empty)]);

        var node = new RaftNode(1, new RaftOptions(), new Random(1), persisted, new ClusterConfiguration([1, 2, 3]));

        Assert.Equal(2UL, node.Term);
        Assert.Equal(new HardState(2, NodeId.None, 1), node.CurrentHardState);
    }

    [Fact]
    public void Restart_AfterVoting_DoesNotVoteTwiceInTheSameTerm()
    {
        var options = new RaftOptions { PreVote = false, CheckQuorum = false };
        var network = new RaftTestNetwork(3, options);
        network[2].Step(new RequestVote(1, 2, 1, 0, 0, false, false));
        network.CollectReadies();
        network.Peers[2].Restart();

        network[2].Step(new RequestVote(3, 2, 1, 0, 0, false, false));
        var ready = network[2].GetReady();

        var response = Assert.IsType<RequestVoteResponse>(Assert.Single(ready.Messages));
        Assert.False(response.Granted);
    }
}
