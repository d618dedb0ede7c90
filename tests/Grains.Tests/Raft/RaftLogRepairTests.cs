using OrleansSync.Grains.Raft;

namespace OrleansSync.Grains.Tests.Raft;

public sealed class RaftLogRepairTests
{
    private static readonly RaftOptions NoPreVote = new() { PreVote = false };

    private static ulong[] TermsOf(TestPeer peer) =>
        [.. Enumerable.Range(1, (int)peer.Node.LastIndex).Select(i => peer.Storage.Entries[i - 1].Term)];

    [Fact]
    public void Leader_FollowerWithLongConflictingSuffix_RepairsItInFewRoundTrips()
    {
        // Node 2 holds 30 entries of term 2 that were never committed; the leader (node 1) has
        // term-3 entries from index 2 on. Fast backtracking skips the whole term at once.
        var follower = Enumerable.Repeat(2UL, 30).Prepend(1UL).ToArray();
        var network = RaftTestNetwork.WithLogs(NoPreVote, (3, [1, 3, 3, 3]), (3, follower), (3, [1]));
        network.Cut(1, 2);
        network.Elect(1);
        network.Recover();
        network.Delivered.Clear();

        network.TickAll(2);

        var rejections = network.Delivered.OfType<AppendEntriesResponse>().Count(r => r.From == 2 && !r.Success);
        Assert.InRange(rejections, 1, 2);
        Assert.Equal(TermsOf(network.Peers[1]), TermsOf(network.Peers[2]));
        Assert.Equal(network[1].CommitIndex, network[2].CommitIndex);
    }

    [Fact]
    public void Leader_ShortFollower_SkipsStraightToItsEnd()
    {
        var leaderLog = Enumerable.Repeat(1UL, 50).ToArray();
        var network = RaftTestNetwork.WithLogs(NoPreVote, (1, leaderLog), (1, [1, 1]), (1, leaderLog));
        network.Cut(1, 2);
        network.Elect(1);
        network.Recover();
        network.Delivered.Clear();

        network.TickAll(2);

        Assert.Equal(1, network.Delivered.OfType<AppendEntriesResponse>().Count(r => r.From == 2 && !r.Success));
        Assert.Equal(network[1].LastIndex, network[2].LastIndex);
    }

    [Fact]
    public void Figure7_AnyFollowerLog_IsMadeIdenticalToTheLeaders()
    {
        // Raft Figure 7: the leader for term 8 and six possible follower logs (a)-(f).
        ulong[] leader = [1, 1, 1, 4, 4, 5, 5, 6, 6, 6];
        ulong[][] followers =
        [
            [1, 1, 1, 4, 4, 5, 5, 6, 6],
            [1, 1, 1, 4],
            [1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6],
            [1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7],
            [1, 1, 1, 4, 4, 4, 4],
            [1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3],
        ];
        foreach (var follower in followers)
        {
            var network = RaftTestNetwork.WithLogs(NoPreVote, (7, leader), (7, follower), (7, leader));
            network.Cut(1, 2);
            network.Elect(1);
            network.Recover();

            network.TickAll(3);

            Assert.Equal(TermsOf(network.Peers[1]), TermsOf(network.Peers[2]));
        }
    }

    [Fact]
    public void Figure8_EntryOfAnEarlierTerm_IsNotCommittedByCountingReplicas()
    {
        // Raft §5.4.2: "Raft never commits log entries from previous terms by counting replicas.
        // Only log entries from the leader's current term are committed by counting replicas".
        var network = RaftTestNetwork.WithLogs(NoPreVote, (3, [1, 2]), (3, [1]), (3, [1]));
        network.Isolate(2);
        network.Isolate(3);
        network[1].Campaign();
        network.CollectReadies();
        network[1].Step(new RequestVoteResponse(2, 1, 4, false, true));
        Assert.Equal(RaftRole.Leader, network[1].Role);
        network.CollectReadies();

        // Node 2 receives only the term-2 entry and acknowledges it: index 2 is now on a majority.
        var entry2 = network.Peers[1].Storage.Entries[1];
        network[2].Step(new AppendEntries(1, 2, 4, 1, 1, [entry2], 0));
        var response = Assert.IsType<AppendEntriesResponse>(Assert.Single(network.Peers[2].ProcessReady()));
        Assert.Equal(2UL, response.MatchIndex);
        network[1].Step(response);

        Assert.Equal(0UL, network[1].CommitIndex);

        // Once the leader's own no-op (index 3, term 4) is on a majority, both commit.
        network.Recover();
        network.TickAll(2);
        Assert.Equal(3UL, network[1].CommitIndex);
        Assert.All(network.Peers.Values, p => Assert.Equal([1UL, 2UL, 4UL], TermsOf(p)));
    }
}
