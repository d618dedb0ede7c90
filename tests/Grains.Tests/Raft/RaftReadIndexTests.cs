using OrleansSync.Grains.Raft;

namespace OrleansSync.Grains.Tests.Raft;

public sealed class RaftReadIndexTests
{
    private static byte[] Context(string id) => System.Text.Encoding.UTF8.GetBytes(id);

    private static string ContextOf(ReadState state) => System.Text.Encoding.UTF8.GetString(state.Context.Span);

    [Fact]
    public void ReadIndex_OnLeader_IsReleasedAtTheCommitIndexAfterAHeartbeatQuorum()
    {
        var network = new RaftTestNetwork(3);
        network.Elect(1);
        network.Propose(1, "a");
        network.Delivered.Clear();

        Assert.True(network[1].ReadIndex(Context("r1")).IsAccepted);
        network.Stabilize();

        var state = Assert.Single(network.Peers[1].ReadStates);
        Assert.Equal("r1", ContextOf(state));
        Assert.Equal(2UL, state.Index);
        Assert.Equal(2, network.Delivered.OfType<HeartbeatResponse>().Count());
    }

    [Fact]
    public void ReadIndex_ManyReadsBetweenReadies_ShareOneHeartbeatRound()
    {
        var network = new RaftTestNetwork(3);
        network.Elect(1);
        network.Delivered.Clear();

        for (var i = 0; i < 5; i++)
        {
            network[1].ReadIndex(Context($"r{i}"));
        }

        network.Stabilize();

        Assert.Equal(5, network.Peers[1].ReadStates.Count);
        Assert.Equal(2, network.Delivered.OfType<Heartbeat>().Count());
    }

    [Fact]
    public void ReadIndex_OnFollower_IsForwardedAndAnsweredWithTheLeadersCommitIndex()
    {
        var network = new RaftTestNetwork(3);
        network.Elect(1);
        network.Propose(1, "a");

        Assert.True(network[2].ReadIndex(Context("f")).IsAccepted);
        network.Stabilize();

        var state = Assert.Single(network.Peers[2].ReadStates);
        Assert.Equal("f", ContextOf(state));
        Assert.Equal(network[1].CommitIndex, state.Index);
    }

    [Fact]
    public void ReadIndex_DeposedLeaderInMinority_NeverConfirmsTheRead()
    {
        var network = new RaftTestNetwork(3);
        network.Elect(1);
        network.Isolate(1);

        Assert.True(network[1].ReadIndex(Context("stale")).IsAccepted);
        network.TickAll(3 * network.Options.ElectionTimeoutTicks);

        Assert.Empty(network.Peers[1].ReadStates);
        Assert.NotEqual(RaftRole.Leader, network[1].Role);
        Assert.Contains(network.Peers.Values, p => p.Id != 1 && p.Node.Role == RaftRole.Leader);
    }

    [Fact]
    public void ReadIndex_BeforeNewLeaderCommitsInItsTerm_WaitsForTheNoOp()
    {
        var network = new RaftTestNetwork(3, new RaftOptions { CheckQuorum = false });
        network[1].Campaign();
        network.Stabilize();
        network.Isolate(2);
        network.Isolate(3);
        network.Propose(1, "uncommitted");
        network.Recover();

        // Node 2's no-op is not acknowledged yet: its commit index may lag the true one.
        network.DropWhen = m => m is AppendEntriesResponse;
        network.Elect(2);
        network[2].ReadIndex(Context("r"));
        network.TickAll(1);
        Assert.Empty(network.Peers[2].ReadStates);

        network.DropWhen = null;
        network.TickAll(2);
        var state = Assert.Single(network.Peers[2].ReadStates);
        Assert.Equal(network[2].CommitIndex, state.Index);
        Assert.Equal(network[2].Term, network.Peers[2].Storage.Entries[(int)state.Index - 1].Term);
    }

    [Fact]
    public void ReadIndex_NoLeaderKnown_IsRejected()
    {
        var network = new RaftTestNetwork(3);

        var result = network[1].ReadIndex(Context("r"));

        Assert.Equal(RejectionReason.NoLeader, result.Reason);
    }

    [Fact]
    public void ReadIndex_TooManyPending_IsRejected()
    {
        var network = new RaftTestNetwork(3, new RaftOptions { MaxPendingReadIndexRequests = 2 });
        network.Elect(1);
        network.Isolate(2);
        network.Isolate(3);

        network[1].ReadIndex(Context("a"));
        network[1].ReadIndex(Context("b"));
        network.Stabilize();

        Assert.Equal(RejectionReason.TooManyPendingReads, network[1].ReadIndex(Context("c")).Reason);
    }

    [Fact]
    public void ReadIndex_SingleVoter_IsConfirmedAtOnce()
    {
        var network = new RaftTestNetwork(1);
        network.Elect(1);

        network[1].ReadIndex(Context("solo"));
        network.Stabilize();

        Assert.Equal(1UL, Assert.Single(network.Peers[1].ReadStates).Index);
    }
}
