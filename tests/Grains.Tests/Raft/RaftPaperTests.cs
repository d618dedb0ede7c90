using OrleansSync.Grains.Raft;

namespace OrleansSync.Grains.Tests.Raft;

/// <summary>
/// Tests that check one sentence of the Raft paper each (Ongaro and Ousterhout, "In Search of an
/// Understandable Consensus Algorithm", extended version). PreVote and CheckQuorum are off here:
/// they are extensions the paper's basic algorithm does not have.
/// </summary>
public sealed class RaftPaperTests
{
    private static readonly RaftOptions PaperOptions = new() { PreVote = false, CheckQuorum = false };
    private static readonly ClusterConfiguration ThreeNodes = new([1, 2, 3]);

    private static RaftNode NewNode(ulong id = 1, PersistedRaftState? state = null) =>
        new(id, PaperOptions, new Random(7), state ?? PersistedRaftState.Empty, ThreeNodes);

    private static Ready Drain(RaftNode node)
    {
        var ready = node.GetReady();
        node.Advance(ready);
        return ready;
    }

    private static RaftNode Leader()
    {
        var node = NewNode();
        node.Campaign();
        node.Step(new RequestVoteResponse(2, 1, 1, false, true));
        Drain(node);
        return node;
    }

    private static PersistedRaftState LogWithTerms(ulong term, params ulong[] entryTerms) =>
        new(new HardState(term, NodeId.None, 0), null, [.. entryTerms.Select((t, i) => new LogEntry((ulong)i + 1, t, LogEntryKind.Command, new byte[] { (byte)i }))]);

    [Fact]
    public void Section5_1_RequestWithStaleTerm_IsRejected()
    {
        // §5.1: "If a server receives a request with a stale term number, it rejects the request."
        var node = NewNode(2, LogWithTerms(5));

        node.Step(new AppendEntries(1, 2, 4, 0, 0, [new LogEntry(1, 4, LogEntryKind.Command, new byte[] { 1 })], 0));

        Assert.Equal(0UL, node.LastIndex);
        Assert.Equal(5UL, Assert.IsType<AppendEntriesResponse>(Assert.Single(Drain(node).Messages)).Term);
    }

    [Fact]
    public void Section5_1_LeaderDiscoveringHigherTerm_RevertsToFollower()
    {
        // §5.1: "If a candidate or leader discovers that its term is out of date, it immediately reverts to follower state."
        var leader = Leader();

        leader.Step(new AppendEntries(3, 1, 2, 0, 0, [], 0));

        Assert.Equal(RaftRole.Follower, leader.Role);
        Assert.Equal(2UL, leader.Term);
        Assert.Equal(3UL, leader.LeaderId);
    }

    [Fact]
    public void Section5_2_ElectionTimeout_FollowerBecomesCandidateVotesForItselfAndAsksEveryone()
    {
        // §5.2: "To begin an election, a follower increments its current term and transitions to
        // candidate state. It then votes for itself and issues RequestVote RPCs in parallel to each
        // of the other servers in the cluster."
        var node = NewNode();

        for (var i = 0; i < 2 * PaperOptions.ElectionTimeoutTicks; i++)
        {
            node.Tick();
        }

        var ready = Drain(node);
        Assert.Equal(RaftRole.Candidate, node.Role);
        Assert.Equal(new HardState(1, 1, 0), ready.HardState);
        Assert.Equal([2UL, 3UL], ready.Messages.OfType<RequestVote>().Select(m => m.To).Order());
    }

    [Fact]
    public void Section5_2_VotesFromAMajority_WinTheElection()
    {
        // §5.2: "A candidate wins an election if it receives votes from a majority of the servers in the full cluster for the same term."
        var node = NewNode();
        node.Campaign();

        node.Step(new RequestVoteResponse(2, 1, 1, false, true));

        Assert.Equal(RaftRole.Leader, node.Role);
    }

    [Fact]
    public void Section5_2_RejectionsFromAMajority_LoseTheElection()
    {
        var node = NewNode();
        node.Campaign();

        node.Step(new RequestVoteResponse(2, 1, 1, false, false));
        node.Step(new RequestVoteResponse(3, 1, 1, false, false));

        Assert.Equal(RaftRole.Follower, node.Role);
    }

    [Fact]
    public void Section5_2_AtMostOneVotePerTerm_FirstComeFirstServed()
    {
        // §5.2: "Each server will vote for at most one candidate in a given term, on a first-come-first-served basis".
        var node = NewNode(1);

        node.Step(new RequestVote(2, 1, 1, 0, 0, false, false));
        node.Step(new RequestVote(3, 1, 1, 0, 0, false, false));
        node.Step(new RequestVote(2, 1, 1, 0, 0, false, false));

        var votes = Drain(node).Messages.Cast<RequestVoteResponse>().Select(r => (r.To, r.Granted)).ToList();
        Assert.Equal([(2UL, true), (3UL, false), (2UL, true)], votes);
    }

    [Fact]
    public void Section5_2_CandidateReceivingAppendFromLegitimateLeader_ReturnsToFollower()
    {
        // §5.2: "If the leader's term (included in its RPC) is at least as large as the candidate's
        // current term, then the candidate recognizes the leader as legitimate and returns to follower state."
        var node = NewNode();
        node.Campaign();

        node.Step(new AppendEntries(2, 1, 1, 0, 0, [], 0));

        Assert.Equal(RaftRole.Follower, node.Role);
        Assert.Equal(2UL, node.LeaderId);
    }

    [Fact]
    public void Section5_2_SplitVote_CandidateTimesOutAndStartsANewElection()
    {
        // §5.2: "each candidate will time out and start a new election by incrementing its term".
        var node = NewNode();
        node.Campaign();

        for (var i = 0; i < 2 * PaperOptions.ElectionTimeoutTicks; i++)
        {
            node.Tick();
        }

        Assert.Equal(RaftRole.Candidate, node.Role);
        Assert.Equal(2UL, node.Term);
    }

    [Fact]
    public void Section5_2_Leader_SendsPeriodicHeartbeats()
    {
        // §5.2: "Leaders send periodic heartbeats [...] to all followers in order to maintain their authority."
        var leader = Leader();

        leader.Tick();

        Assert.Equal([2UL, 3UL], Drain(leader).Messages.OfType<Heartbeat>().Select(m => m.To).Order());
    }

    [Fact]
    public void Section5_3_Command_IsAppendedAndSentToEveryFollower()
    {
        // §5.3: "The leader appends the command to its log as a new entry, then issues AppendEntries
        // RPCs in parallel to each of the other servers to replicate the entry."
        var leader = Leader();
        leader.Step(new AppendEntriesResponse(2, 1, 1, true, 1, 0, 0, 0));
        leader.Step(new AppendEntriesResponse(3, 1, 1, true, 1, 0, 0, 0));
        Drain(leader);

        var result = leader.Propose(new byte[] { 42 });
        var ready = Drain(leader);

        Assert.Equal(2UL, Assert.Single(ready.Entries).Index);
        Assert.Equal(result.Index, ready.Entries[0].Index);
        Assert.All(ready.Messages.OfType<AppendEntries>(), m => Assert.Equal(2UL, Assert.Single(m.Entries).Index));
        Assert.Equal(2, ready.Messages.OfType<AppendEntries>().Count());
    }

    [Fact]
    public void Section5_3_EntryReplicatedOnAMajority_IsCommitted()
    {
        // §5.3: "A log entry is committed once the leader that created the entry has replicated it on a majority of the servers".
        var leader = Leader();
        Assert.Equal(0UL, leader.CommitIndex);

        leader.Step(new AppendEntriesResponse(2, 1, 1, true, 1, 0, 0, 0));

        Assert.Equal(1UL, leader.CommitIndex);
        Assert.Equal(1UL, Assert.Single(Drain(leader).CommittedEntries).Index);
    }

    [Fact]
    public void Section5_3_FollowerMissingThePrecedingEntry_RefusesTheNewEntries()
    {
        // §5.3: "If the follower does not find an entry in its log with the same index and term, then it refuses the new entries."
        var follower = NewNode(2, LogWithTerms(2, 1, 1));

        follower.Step(new AppendEntries(1, 2, 2, 2, 2, [new LogEntry(3, 2, LogEntryKind.Command, new byte[] { 1 })], 0));

        var response = Assert.IsType<AppendEntriesResponse>(Assert.Single(Drain(follower).Messages));
        Assert.False(response.Success);
        Assert.Equal(2UL, follower.LastIndex);
    }

    [Fact]
    public void Figure2_ConflictingEntry_IsDeletedWithAllThatFollowIt()
    {
        // Figure 2: "If an existing entry conflicts with a new one (same index but different terms),
        // delete the existing entry and all that follow it".
        var follower = NewNode(2, LogWithTerms(3, 1, 2, 2, 2));

        follower.Step(new AppendEntries(1, 2, 3, 1, 1, [new LogEntry(2, 3, LogEntryKind.Command, new byte[] { 9 })], 0));
        var ready = Drain(follower);

        Assert.Equal(2UL, follower.LastIndex);
        Assert.Equal(3UL, Assert.Single(ready.Entries).Term);
    }

    [Fact]
    public void Section5_3_FollowerLearnsCommitIndexFromLeader_AndAppliesInLogOrder()
    {
        // §5.3: "Once a follower learns that a log entry is committed, it applies the entry to its local state machine (in log order)."
        var follower = NewNode(2);
        follower.Step(new AppendEntries(1, 2, 1, 0, 0, [.. Enumerable.Range(1, 3).Select(i => new LogEntry((ulong)i, 1, LogEntryKind.Command, new byte[] { (byte)i }))], 0));
        Drain(follower);

        follower.Step(new Heartbeat(1, 2, 1, 2, 0));

        Assert.Equal([1UL, 2UL], Drain(follower).CommittedEntries.Select(e => e.Index));
    }

    [Fact]
    public void Section5_4_1_VoterWithMoreUpToDateLog_DeniesItsVote()
    {
        // §5.4.1: "the voter denies its vote if its own log is more up-to-date than that of the candidate."
        var voter = NewNode(2, LogWithTerms(2, 1, 2));

        voter.Step(new RequestVote(1, 2, 3, 5, 1, false, false));
        voter.Step(new RequestVote(3, 2, 4, 1, 2, false, false));

        Assert.All(Drain(voter).Messages.Cast<RequestVoteResponse>(), r => Assert.False(r.Granted));
    }

    [Fact]
    public void Section8_NewLeader_AppendsABlankNoOpEntry()
    {
        // §8: "Raft handles this by having each leader commit a blank no-op entry into the log at the start of its term."
        var leader = Leader();

        var entry = leader.EntryAt(1);

        Assert.NotNull(entry);
        Assert.Equal(LogEntryKind.NoOp, entry.Kind);
        Assert.Equal(1UL, entry.Term);
    }
}
