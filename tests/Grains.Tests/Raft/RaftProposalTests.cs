using OrleansSync.Grains.Raft;

namespace OrleansSync.Grains.Tests.Raft;

public sealed class RaftProposalTests
{
    [Fact]
    public void Propose_OnFollower_IsRejectedWithLeaderHint()
    {
        var network = new RaftTestNetwork(3);
        network.Elect(1);

        var result = network[2].Propose(new byte[] { 1 });

        Assert.Equal(RejectionReason.NotLeader, result.Reason);
        Assert.Equal(1UL, result.LeaderHint);
        Assert.False(result.IsAccepted);
    }

    [Fact]
    public void Propose_NoLeaderYet_IsRejectedWithoutHint()
    {
        var network = new RaftTestNetwork(3);

        var result = network[2].Propose(new byte[] { 1 });

        Assert.Equal(RejectionReason.NotLeader, result.Reason);
        Assert.Equal(NodeId.None, result.LeaderHint);
    }

    [Fact]
    public void Propose_LargerThanMaxEntryBytes_IsRejected()
    {
        var options = new RaftOptions { MaxEntryBytes = 100 };
        var network = new RaftTestNetwork(1, options);
        network.Elect(1);

        var fits = network[1].Propose(new byte[100 - LogEntry.HeaderSizeBytes]);
        var tooLarge = network[1].Propose(new byte[100 - LogEntry.HeaderSizeBytes + 1]);

        Assert.True(fits.IsAccepted);
        Assert.Equal(RejectionReason.EntryTooLarge, tooLarge.Reason);
    }

    [Fact]
    public void Propose_TooManyUncommitted_IsRejectedUntilCommitCatchesUp()
    {
        var network = new RaftTestNetwork(3, new RaftOptions { MaxUncommittedEntries = 3 });
        network.Elect(1);
        network.Isolate(2);
        network.Isolate(3);

        var results = Enumerable.Range(0, 4).Select(i => network.Propose(1, $"c{i}")).ToList();
        network.Recover();
        network.TickAll(2);
        var afterCommit = network.Propose(1, "later");

        Assert.Equal([true, true, true, false], results.Select(r => r.IsAccepted));
        Assert.Equal(RejectionReason.TooManyUncommittedEntries, results[3].Reason);
        Assert.True(afterCommit.IsAccepted);
    }

    [Fact]
    public void Propose_InMemoryLogFull_IsRejectedUntilTheHostCompacts()
    {
        var options = new RaftOptions { MaxUncommittedEntries = 2, MaxInMemoryLogEntries = 3 };
        var network = new RaftTestNetwork(1, options);
        network.Elect(1);
        network.Propose(1, "a");
        network.Propose(1, "b");

        var full = network.Propose(1, "c");
        network.Peers[1].Compact();
        var afterCompaction = network.Propose(1, "c");

        Assert.Equal(RejectionReason.LogFull, full.Reason);
        Assert.True(afterCompaction.IsAccepted);
    }

    [Fact]
    public void Propose_AcceptedThenLostToANewLeader_IsOverwrittenAtItsIndexWithAnotherTerm()
    {
        var network = new RaftTestNetwork(3, new RaftOptions { CheckQuorum = false });
        network.Elect(1);
        network.Isolate(1);
        var lost = network[1].Propose(System.Text.Encoding.UTF8.GetBytes("lost"));
        network.Elect(2);
        network.Propose(2, "kept");
        network.Recover();

        network.TickAll(3);

        var applied = network.Peers[1].Applied.Single(e => e.Index == lost.Index);
        Assert.NotEqual(lost.Term, applied.Term);
        Assert.DoesNotContain("lost", network.Peers[1].AppliedCommands);
    }
}
