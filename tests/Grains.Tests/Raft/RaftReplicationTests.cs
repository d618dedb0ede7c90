using OrleansSync.Grains.Raft;

namespace OrleansSync.Grains.Tests.Raft;

public sealed class RaftReplicationTests
{
    [Fact]
    public void Propose_OnLeader_CommitsAndEveryReplicaAppliesTheSameCommandsInOrder()
    {
        var network = new RaftTestNetwork(3);
        network.Elect(1);

        var results = new[] { "a", "b", "c" }.Select(c => network.Propose(1, c)).ToList();

        Assert.All(results, r => Assert.True(r.IsAccepted));
        Assert.Equal([2UL, 3UL, 4UL], results.Select(r => r.Index));
        Assert.All(network.Peers.Values, p => Assert.Equal(["a", "b", "c"], p.AppliedCommands));
        Assert.All(network.Peers.Values, p => Assert.Equal(4UL, p.Node.CommitIndex));
    }

    [Fact]
    public void Commit_WithoutCommitIndexBroadcast_SendsNoAppendForItAlone_AndFollowersLearnItFromTheNextHeartbeat()
    {
        var network = new RaftTestNetwork(3, new RaftOptions { CommitIndexBroadcast = false });
        network.Elect(1);
        network.Delivered.Clear();

        var result = network.Propose(1, "a");

        Assert.Equal(2UL, result.Index);
        Assert.Equal(2UL, network[1].CommitIndex);
        Assert.All(network.Delivered.OfType<AppendEntries>(), a => Assert.NotEmpty(a.Entries));
        Assert.Equal(2, network.Delivered.OfType<AppendEntries>().Count());
        Assert.All([network.Peers[2], network.Peers[3]], p => Assert.Empty(p.AppliedCommands));

        network.TickAll(network.Options.HeartbeatIntervalTicks);

        Assert.All(network.Peers.Values, p => Assert.Equal(2UL, p.Node.CommitIndex));
        Assert.All(network.Peers.Values, p => Assert.Equal(["a"], p.AppliedCommands));
    }

    [Fact]
    public void Commit_WithoutCommitIndexBroadcast_RidesOnTheNextAppend()
    {
        var network = new RaftTestNetwork(3, new RaftOptions { CommitIndexBroadcast = false });
        network.Elect(1);
        network.Propose(1, "a");
        network.Delivered.Clear();

        network.Propose(1, "b");

        Assert.All(network.Delivered.OfType<AppendEntries>(), a => Assert.Equal(2UL, a.LeaderCommit));
        Assert.All([network.Peers[2], network.Peers[3]], p => Assert.Equal(["a"], p.AppliedCommands));
        Assert.Equal(["a", "b"], network.Peers[1].AppliedCommands);
    }

    [Fact]
    public void Commit_WithCommitIndexBroadcast_TellsEveryFollowerAtOnce()
    {
        var network = new RaftTestNetwork(3, new RaftOptions { CommitIndexBroadcast = true });
        network.Elect(1);
        network.Delivered.Clear();

        network.Propose(1, "a");

        Assert.Equal(2, network.Delivered.OfType<AppendEntries>().Count(a => a.Entries.Count == 0 && a.LeaderCommit == 2));
        Assert.All(network.Peers.Values, p => Assert.Equal(["a"], p.AppliedCommands));
    }

    [Fact]
    public void Propose_ManyBetweenReadies_GoOutInOneAppendPerFollower()
    {
        var network = new RaftTestNetwork(3);
        network.Elect(1);
        network.Delivered.Clear();

        for (var i = 0; i < 10; i++)
        {
            Assert.True(network[1].Propose(new byte[] { (byte)i }).IsAccepted);
        }

        network.Stabilize();

        var appends = network.Delivered.OfType<AppendEntries>().Where(a => a.Entries.Count > 0).ToList();
        Assert.Equal(2, appends.Count);
        Assert.All(appends, a => Assert.Equal(10, a.Entries.Count));
        Assert.All(network.Peers.Values, p => Assert.Equal(11UL, p.Node.CommitIndex));
    }

    [Fact]
    public void Propose_ManyEntries_AppendsRespectMaxAppendBytesAndMaxEntriesPerAppend()
    {
        var options = new RaftOptions { MaxEntryBytes = 200, MaxAppendBytes = 500, MaxEntriesPerAppend = 4 };
        var network = new RaftTestNetwork(3, options);
        network.Elect(1);
        network.Delivered.Clear();

        for (var i = 0; i < 30; i++)
        {
            Assert.True(network[1].Propose(new byte[i % 2 == 0 ? 150 : 10]).IsAccepted);
        }

        network.Stabilize();

        var appends = network.Delivered.OfType<AppendEntries>().Where(a => a.Entries.Count > 0).ToList();
        Assert.All(appends, a => Assert.InRange(a.Entries.Count, 1, 4));
        Assert.All(appends, a => Assert.InRange(a.Entries.Sum(e => e.SizeBytes), 1, 500));
        Assert.Equal(60, appends.Sum(a => a.Entries.Count));
        Assert.All(network.Peers.Values, p => Assert.Equal(31UL, p.Node.CommitIndex));
    }

    [Fact]
    public void GetReady_ManyCommittedEntries_HandsThemOutInBatchesOfAtMostMaxCommittedBytes()
    {
        var options = new RaftOptions { MaxCommittedBytesPerReady = 100 };
        var network = new RaftTestNetwork(1, options);
        network.Elect(1);
        for (var i = 0; i < 10; i++)
        {
            network[1].Propose(new byte[26]);
        }

        var batches = new List<int>();
        while (network[1].HasReady)
        {
            var ready = network[1].GetReady();
            batches.Add(ready.CommittedEntries.Count);
            network[1].Advance(ready);
        }

        Assert.Equal(10, batches.Sum());
        Assert.All(batches.Where(b => b > 0), b => Assert.InRange(b, 1, 2));
        Assert.Equal(11UL, network[1].AppliedIndex);
    }

    [Fact]
    public void Propose_BatchingDisabled_SendsOneEntryPerAppend()
    {
        var network = new RaftTestNetwork(3, new RaftOptions { BatchingEnabled = false });
        network.Elect(1);
        network.Delivered.Clear();

        for (var i = 0; i < 10; i++)
        {
            Assert.True(network[1].Propose(new byte[] { (byte)i }).IsAccepted);
        }

        network.Stabilize();

        var appends = network.Delivered.OfType<AppendEntries>().Where(a => a.Entries.Count > 0).ToList();
        Assert.Equal(20, appends.Count);
        Assert.All(appends, a => Assert.Single(a.Entries));
        Assert.All(network.Peers.Values, p => Assert.Equal(11UL, p.Node.CommitIndex));
    }

    [Fact]
    public void Propose_FollowerNotAnswering_InflightAppendsStayWithinTheWindow()
    {
        var options = new RaftOptions { BatchingEnabled = false, MaxInflightAppends = 4 };
        var network = new RaftTestNetwork(3, options);
        network.Elect(1);
        network.DropWhen = m => m is AppendEntriesResponse && m.From == 3;
        network.Delivered.Clear();

        for (var i = 0; i < 20; i++)
        {
            network.Propose(1, $"c{i}");
        }

        Assert.Equal(4, network.Delivered.OfType<AppendEntries>().Count(a => a.To == 3 && a.Entries.Count > 0));
        Assert.Equal(20, network.Delivered.OfType<AppendEntries>().Count(a => a.To == 2 && a.Entries.Count > 0));
        Assert.Equal(21UL, network[1].CommitIndex);
    }

    [Fact]
    public void Propose_LostAppends_AreRepairedAfterHeartbeats()
    {
        var network = new RaftTestNetwork(3);
        network.Elect(1);
        network.DropWhen = m => m is AppendEntries && m.To == 3;
        network.Propose(1, "x");
        network.Propose(1, "y");
        Assert.Empty(network.Peers[3].AppliedCommands);

        network.DropWhen = null;
        network.TickAll(3);

        Assert.Equal(["x", "y"], network.Peers[3].AppliedCommands);
    }

    [Fact]
    public void GetReady_HardStateAndEntries_ArriveInTheSameReadyAsTheMessagesThatDependOnThem()
    {
        var network = new RaftTestNetwork(3);
        network.Elect(1);
        network[1].Propose(new byte[] { 1 });

        var ready = network[1].GetReady();

        Assert.Single(ready.Entries);
        Assert.True(ready.MustSync);
        Assert.All(ready.Messages.OfType<AppendEntries>(), a => Assert.Equal(ready.Entries[0], Assert.Single(a.Entries)));
        Assert.False(network[1].HasReady);
        Assert.Throws<InvalidOperationException>(() => network[1].GetReady());
        network[1].Advance(ready);
        Assert.False(network[1].HasReady);
    }

    [Fact]
    public void GetReady_OnlyTheCommitIndexChanged_SavesHardStateWithoutRequiringSync()
    {
        var network = new RaftTestNetwork(3);
        network.Elect(1);
        network[2].Step(new AppendEntries(1, 2, 1, 1, 1, [new LogEntry(2, 1, LogEntryKind.Command, new byte[] { 1 })], 1));
        var withEntry = network[2].GetReady();
        network[2].Advance(withEntry);
        Assert.True(withEntry.MustSync);

        network[2].Step(new Heartbeat(1, 2, 1, 2, 0));
        var ready = network[2].GetReady();

        Assert.Equal(2UL, ready.HardState?.CommitIndex);
        Assert.False(ready.MustSync);
    }

    [Fact]
    public void Step_MessageForAnotherNode_Throws()
    {
        var network = new RaftTestNetwork(3);

        Assert.Throws<ArgumentException>(() => network[1].Step(new Heartbeat(2, 3, 1, 0, 0)));
    }

    [Fact]
    public void Advance_WithAStaleReady_Throws()
    {
        var network = new RaftTestNetwork(1);
        network.Elect(1);
        network[1].Propose(new byte[] { 1 });
        var ready = network[1].GetReady();
        network[1].Advance(ready);

        Assert.Throws<InvalidOperationException>(() => network[1].Advance(ready));
    }
}
