using OrleansSync.Grains.Raft;

namespace OrleansSync.Grains.Tests.Raft;

public sealed class RaftLeadershipTransferTests
{
    [Fact]
    public void TransferLeadership_ToUpToDateVoter_MakesItLeaderInTheNextTerm()
    {
        var network = new RaftTestNetwork(3);
        network.Elect(1);

        Assert.True(network[1].TransferLeadership(2).IsAccepted);
        network.Stabilize();

        Assert.Equal(RaftRole.Leader, network[2].Role);
        Assert.Equal(2UL, network[2].Term);
        Assert.Equal(RaftRole.Follower, network[1].Role);
        Assert.Equal(2UL, network[1].LeaderId);
        Assert.Contains(network.Delivered, m => m is TimeoutNow { From: 1, To: 2 });
    }

    [Fact]
    public void TransferLeadership_ToLaggingVoter_CatchesItUpFirst()
    {
        var network = new RaftTestNetwork(3);
        network.Elect(1);
        network.Isolate(3);
        network.Propose(1, "a");
        network.Propose(1, "b");
        network.Recover();

        network[1].TransferLeadership(3);
        network.Stabilize();

        Assert.Equal(RaftRole.Leader, network[3].Role);
        Assert.Equal(["a", "b"], network.Peers[3].AppliedCommands);
    }

    [Fact]
    public void Propose_DuringTransfer_IsRejectedUntilTheTransferTimesOut()
    {
        var network = new RaftTestNetwork(3);
        network.Elect(1);
        network.Isolate(3);

        network[1].TransferLeadership(3);
        var during = network[1].Propose(new byte[] { 1 });
        network.TickAll(network.Options.ElectionTimeoutTicks);
        var after = network[1].Propose(new byte[] { 2 });

        Assert.Equal(RejectionReason.TransferInProgress, during.Reason);
        Assert.Equal(3UL, during.LeaderHint);
        Assert.True(after.IsAccepted);
        Assert.Equal(NodeId.None, network[1].TransferTarget);
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(9UL)]
    public void TransferLeadership_ToSelfOrNonMember_IsRejected(ulong target)
    {
        var network = new RaftTestNetwork(3);
        network.Elect(1);

        Assert.Equal(RejectionReason.InvalidTransferTarget, network[1].TransferLeadership(target).Reason);
    }

    [Fact]
    public void TransferLeadership_OnFollower_IsRejectedWithLeaderHint()
    {
        var network = new RaftTestNetwork(3);
        network.Elect(1);

        var result = network[2].TransferLeadership(3);

        Assert.Equal(RejectionReason.NotLeader, result.Reason);
        Assert.Equal(1UL, result.LeaderHint);
    }
}
