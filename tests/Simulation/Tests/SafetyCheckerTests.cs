using OrleansSync.Grains.Raft;
using OrleansSync.Simulation.Checking;
using OrleansSync.Simulation.Storage;
using Xunit;

namespace OrleansSync.Simulation.Tests;

public sealed class SafetyCheckerTests
{
    private static LogEntry Entry(ulong index, ulong term, byte payload = 0) => new(index, term, LogEntryKind.Command, new[] { payload });

    [Fact]
    public void ObserveLeader_TwoLeadersInOneTerm_Throws()
    {
        var checker = new SafetyChecker();
        checker.ObserveLeader(node: 1, term: 3);
        checker.ObserveLeader(node: 1, term: 3);
        checker.ObserveLeader(node: 2, term: 4);

        var violation = Assert.Throws<SafetyViolationException>(() => checker.ObserveLeader(node: 2, term: 3));
        Assert.Contains("election safety", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ObserveAppend_SameIndexAndTermWithOtherContent_Throws()
    {
        var checker = new SafetyChecker();
        checker.ObserveAppend(1, [Entry(1, 1, payload: 7)], previousTerm: 0);

        var violation = Assert.Throws<SafetyViolationException>(() => checker.ObserveAppend(2, [Entry(1, 1, payload: 8)], 0));
        Assert.Contains("log matching", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ObserveAppend_SameIndexAndTermWithOtherPredecessor_Throws()
    {
        var checker = new SafetyChecker();
        checker.ObserveAppend(1, [Entry(1, 1), Entry(2, 2)], previousTerm: 0);
        checker.ObserveAppend(2, [Entry(1, 2)], previousTerm: 0);

        Assert.Throws<SafetyViolationException>(() => checker.ObserveAppend(2, [Entry(2, 2)], previousTerm: 2));
    }

    [Fact]
    public void ObserveApplied_DifferentEntryAtOneIndex_Throws()
    {
        var checker = new SafetyChecker();
        checker.ObserveApplied(1, Entry(1, 1, payload: 1), nodeTerm: 1);
        checker.ObserveApplied(2, Entry(1, 1, payload: 1), nodeTerm: 2);

        var violation = Assert.Throws<SafetyViolationException>(() => checker.ObserveApplied(3, Entry(1, 2, payload: 2), 2));
        Assert.Contains("state machine safety", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckLeaderCompleteness_LeaderMissingAnEarlierCommittedEntry_Throws()
    {
        var checker = new SafetyChecker();
        checker.ObserveApplied(1, Entry(1, 1), nodeTerm: 1);
        checker.ObserveApplied(1, Entry(2, 1), nodeTerm: 1);
        var log = new DiskImage();
        log.Append([Entry(1, 1)]);

        var violation = Assert.Throws<SafetyViolationException>(() => checker.CheckLeaderCompleteness(node: 2, term: 2, log));
        Assert.Contains("leader completeness", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckLeaderCompleteness_EntriesCommittedInTheLeadersOwnTerm_AreNotRequiredYet()
    {
        var checker = new SafetyChecker();
        checker.ObserveApplied(1, Entry(1, 2), nodeTerm: 2);
        var log = new DiskImage();

        checker.CheckLeaderCompleteness(node: 2, term: 2, log);
    }

    [Fact]
    public void CheckLeaderCompleteness_EntriesCoveredBySnapshot_Pass()
    {
        var checker = new SafetyChecker();
        checker.ObserveApplied(1, Entry(1, 1), nodeTerm: 1);
        checker.ObserveApplied(1, Entry(2, 1), nodeTerm: 1);
        var log = new DiskImage();
        log.SaveSnapshot(new RaftSnapshot(2, 1, new ClusterConfiguration([1UL, 2UL]), Array.Empty<byte>()));

        checker.CheckLeaderCompleteness(node: 2, term: 3, log);
    }
}
