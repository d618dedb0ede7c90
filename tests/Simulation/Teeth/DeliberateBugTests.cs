using OrleansSync.Simulation.Cluster;
using OrleansSync.Simulation.Running;
using Xunit;
using Xunit.Abstractions;

namespace OrleansSync.Simulation.Teeth;

/// <summary>
/// Each deliberate bug must be caught by the simulator's checkers within its seed budget, by a
/// checker that fits the bug. A test stops at the first seed that catches it and prints how to
/// reproduce it. The honest system passes the same seeds (<see cref="Tests.SimulationSeedTests"/>).
/// </summary>
public sealed class DeliberateBugTests(ITestOutputHelper output)
{
    private const string LeaderCompleteness = "leader completeness";
    private const string StateMachineSafety = "state machine safety";
    private const string ElectionSafety = "election safety";
    private const string LogMatching = "log matching";
    private const string Linearizability = "linearizability";
    private const string CoreInvariant = "core invariant";
    private const string LockSafety = "lock safety";
    private const string QueueSafety = "queue safety";
    private const string Determinism = "state machine determinism";

    [Fact]
    public void VoteWithoutLogCheck_IsCaught() =>
        AssertCaught(DeliberateBugs.VoteWithoutLogCheck, seedBudget: 100, LeaderCompleteness, StateMachineSafety, LogMatching, Linearizability);

    [Fact]
    public void PrematureCommit_IsCaught() =>
        AssertCaught(DeliberateBugs.PrematureCommit, seedBudget: 300, LeaderCompleteness, StateMachineSafety, Linearizability, CoreInvariant);

    [Fact]
    public void AcknowledgeBeforeFsync_IsCaught() =>
        AssertCaught(DeliberateBugs.AcknowledgeBeforeFsync, seedBudget: 100, LeaderCompleteness, StateMachineSafety, ElectionSafety, LogMatching, Linearizability, CoreInvariant);

    [Fact]
    public void ForgetVote_IsCaught() =>
        AssertCaught(DeliberateBugs.ForgetVote, seedBudget: 500, ElectionSafety, LogMatching, LeaderCompleteness, StateMachineSafety, Linearizability);

    [Fact]
    public void StaleLeaderRead_IsCaught() =>
        AssertCaught(DeliberateBugs.StaleLeaderRead, seedBudget: 300, Linearizability);

    [Fact]
    public void LockSharedBesideExclusive_IsCaught() =>
        AssertCaught(DeliberateBugs.LockSharedBesideExclusive, SimulationWorkload.Locks, seedBudget: 100, Linearizability, LockSafety);

    [Fact]
    public void LockReuseFencingToken_IsCaught() =>
        AssertCaught(DeliberateBugs.LockReuseFencingToken, SimulationWorkload.Locks, seedBudget: 100, LockSafety, Linearizability);

    [Fact]
    public void QueueStaleReceiptDeletes_IsCaught() =>
        AssertCaught(DeliberateBugs.QueueStaleReceiptDeletes, SimulationWorkload.Queues, seedBudget: 100, QueueSafety);

    [Fact]
    public void QueueDedupIgnored_IsCaught() =>
        AssertCaught(DeliberateBugs.QueueDedupIgnored, SimulationWorkload.Queues, seedBudget: 100, QueueSafety);

    [Fact]
    public void QueueNackDeletes_IsCaught() =>
        AssertCaught(DeliberateBugs.QueueNackDeletes, SimulationWorkload.Queues, seedBudget: 100, QueueSafety);

    [Fact]
    public void QueueLocalClock_IsCaught() =>
        AssertCaught(DeliberateBugs.QueueLocalClock, SimulationWorkload.Queues, seedBudget: 100, Determinism, "determinism");

    private void AssertCaught(FaultInjection bug, int seedBudget, params string[] expectedFindings) =>
        AssertCaught(bug, SimulationWorkload.KeyValue, seedBudget, expectedFindings);

    private void AssertCaught(FaultInjection bug, SimulationWorkload workload, int seedBudget, params string[] expectedFindings)
    {
        var settings = new SimulationSettings { Faults = bug, Workload = workload };
        var otherFindings = new List<string>();
        for (var seed = 1; seed <= seedBudget; seed++)
        {
            var result = SeedRunner.Run(seed, settings);
            if (result.Verdict != SeedVerdict.Violation)
            {
                continue;
            }

            if (!expectedFindings.Any(finding => result.Detail.StartsWith(finding, StringComparison.Ordinal)))
            {
                otherFindings.Add($"seed {seed}: {result.Detail}");
                continue;
            }

            output.WriteLine($"bug '{bug.Name}' caught at seed {seed} (budget {seedBudget}): {result.Detail}");
            var workloadArgument = CommandLine.WorkloadArgument(workload);
            output.WriteLine($"reproduce with: {result.ReproduceCommand}{workloadArgument} --bug {bug.Name}");
            return;
        }

        Assert.Fail($"bug '{bug.Name}' went unnoticed over seeds 1..{seedBudget}; other findings: {string.Join(" | ", otherFindings)}");
    }
}
