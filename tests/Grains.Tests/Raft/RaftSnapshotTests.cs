using OrleansSync.Grains.Raft;

namespace OrleansSync.Grains.Tests.Raft;

public sealed class RaftSnapshotTests
{
    private static readonly RaftOptions SmallChunks = new() { SnapshotChunkBytes = 16 };

    [Fact]
    public void CompactLog_AppliedIndex_DropsEntriesAndReturnsSnapshotWithTermAndConfiguration()
    {
        var network = new RaftTestNetwork(3);
        network.Elect(1);
        network.Propose(1, "a");
        network.Propose(1, "b");

        var snapshot = network.Peers[1].Compact();

        Assert.Equal(3UL, snapshot.Index);
        Assert.Equal(1UL, snapshot.Term);
        Assert.Equal(network.Bootstrap, snapshot.Configuration);
        Assert.Equal(3UL, network[1].SnapshotIndex);
        Assert.Equal("a\nb", System.Text.Encoding.UTF8.GetString(snapshot.Data.Span));
    }

    [Fact]
    public void CompactLog_BeyondAppliedIndex_Throws()
    {
        var network = new RaftTestNetwork(1);
        network.Elect(1);
        network[1].Propose(new byte[] { 1 });

        Assert.Throws<ArgumentOutOfRangeException>(() => network[1].CompactLog(2, ReadOnlyMemory<byte>.Empty));
        Assert.Throws<ArgumentOutOfRangeException>(() => network[1].CompactLog(0, ReadOnlyMemory<byte>.Empty));
    }

    [Fact]
    public void LaggingFollower_AfterLeaderCompacted_IsCaughtUpByChunkedInstallSnapshot()
    {
        var network = new RaftTestNetwork(3, SmallChunks);
        network.Elect(1);
        network.Isolate(3);
        var commands = Enumerable.Range(0, 20).Select(i => $"command-{i}").ToList();
        commands.ForEach(c => network.Propose(1, c));
        var snapshot = network.Peers[1].Compact();
        network.Recover();
        network.Delivered.Clear();

        network.TickAll(5);

        var chunks = network.Delivered.OfType<InstallSnapshot>().Where(m => m.To == 3).ToList();
        Assert.Equal((snapshot.Data.Length + 15) / 16, chunks.Select(c => c.Offset).Distinct().Count());
        Assert.All(chunks, c => Assert.True(c.Chunk.Length <= 16));
        var restored = Assert.Single(network.Peers[3].RestoredSnapshots);
        Assert.Equal(snapshot.Index, restored.Index);
        Assert.Equal(snapshot.Data.ToArray(), restored.Data.ToArray());
        Assert.Equal(commands, network.Peers[3].AppliedCommands);

        network.Propose(1, "after");
        Assert.Equal([.. commands, "after"], network.Peers[3].AppliedCommands);
        Assert.Equal(network[1].LastIndex, network[3].LastIndex);
    }

    [Fact]
    public void InstallSnapshot_LostChunks_AreRetransmittedOnHeartbeats()
    {
        var network = new RaftTestNetwork(3, SmallChunks);
        network.Elect(1);
        network.Isolate(3);
        Enumerable.Range(0, 30).ToList().ForEach(i => network.Propose(1, $"c{i}"));
        network.Peers[1].Compact();
        network.Recover();
        var dropped = 0;
        network.DropWhen = m => m is InstallSnapshot { Offset: > 0 } && dropped++ % 2 == 0;

        network.TickAll(40);

        Assert.True(dropped > 2);
        Assert.Equal(Enumerable.Range(0, 30).Select(i => $"c{i}"), network.Peers[3].AppliedCommands);
    }

    [Fact]
    public void InstallSnapshot_LeaderCompactsAgainMidTransfer_FinishesTheSnapshotItStarted()
    {
        var network = new RaftTestNetwork(3, SmallChunks);
        network.Elect(1);
        network.Isolate(3);
        Enumerable.Range(0, 10).ToList().ForEach(i => network.Propose(1, $"first-{i}"));
        var first = network.Peers[1].Compact();
        network.Recover();

        // Deliver only the first chunk, then compact again before the rest goes out.
        network.DropWhen = m => m is InstallSnapshot { Offset: > 0 };
        network.TickAll(1);
        network.DropWhen = m => m.To == 3 || m.From == 3;
        network.Propose(1, "second");
        var second = network.Peers[1].Compact();
        network.DropWhen = null;
        network.TickAll(6);

        Assert.True(second.Index > first.Index);
        Assert.Equal([first.Index, second.Index], network.Peers[3].RestoredSnapshots.Select(s => s.Index));
        Assert.Equal([.. Enumerable.Range(0, 10).Select(i => $"first-{i}"), "second"], network.Peers[3].AppliedCommands);
    }

    [Fact]
    public void InstallSnapshot_SnapshotAlreadyCovered_AnswersWithTheCommitIndex()
    {
        var network = new RaftTestNetwork(3);
        network.Elect(1);
        network.Propose(1, "a");

        network[2].Step(new InstallSnapshot(1, 2, 1, 1, 1, network.Bootstrap, 0, 0, ReadOnlyMemory<byte>.Empty));
        var ready = network[2].GetReady();

        Assert.Null(ready.Snapshot);
        var response = Assert.IsType<AppendEntriesResponse>(Assert.Single(ready.Messages));
        Assert.True(response.Success);
        Assert.Equal(2UL, response.MatchIndex);
    }

    [Fact]
    public void InstallSnapshot_MiddleChunkWithoutStart_AsksForOffsetZero()
    {
        var network = new RaftTestNetwork(3);
        network.Elect(1);

        network[2].Step(new InstallSnapshot(1, 2, 1, 50, 1, network.Bootstrap, 100, 40, new byte[10]));
        var ready = network[2].GetReady();

        var response = Assert.IsType<InstallSnapshotResponse>(Assert.Single(ready.Messages));
        Assert.Equal(0, response.NextOffset);
    }

    [Fact]
    public void Restart_FromSnapshotAndLaterEntries_RecoversConfigurationAndLog()
    {
        var network = new RaftTestNetwork(3);
        network.Elect(1);
        network.Propose(1, "a");
        network.Peers[2].Compact();
        network.Propose(1, "b");

        network.Peers[2].Restart();
        network.TickAll(2);

        Assert.Equal(2UL, network[2].SnapshotIndex);
        Assert.Equal(network.Bootstrap, network[2].Configuration);
        Assert.Equal(["a", "b"], network.Peers[2].AppliedCommands);
    }
}
