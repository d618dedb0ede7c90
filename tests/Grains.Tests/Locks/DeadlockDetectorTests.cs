using OrleansSync.Grains.Interfaces.Locks;
using OrleansSync.Grains.Locks;

namespace OrleansSync.Grains.Tests.Locks;

public sealed class DeadlockDetectorTests
{
    [Fact]
    public void TwoClientCycle_InOneGroup_AbortsTheYoungestWait()
    {
        var driver = new LockTableDriver();
        var (a, b) = (driver.OpenLease("A"), driver.OpenLease("B"));
        driver.Acquire("x", a);
        driver.Acquire("y", b);
        driver.Acquire("y", a);
        driver.NowMs += 10;
        var youngest = driver.Acquire("x", b).WaitId;
        var edges = driver.Table.GetWaitForEdges();

        var victim = Assert.Single(DeadlockDetector.FindVictims(edges, edges));

        Assert.Equal((b, youngest), (victim.Wait.WaiterLeaseId, victim.Wait.WaitId));
        Assert.Contains("A waits for B on 'y'", victim.Cycle);
        Assert.Contains("B waits for A on 'x'", victim.Cycle);
    }

    [Fact]
    public void ThreeClientCycle_AcrossGroups_IsFound()
    {
        var group1 = new LockTableDriver(groupId: 1);
        var group2 = new LockTableDriver(groupId: 2);
        var (a1, b1, c1) = (group1.OpenLease("A"), group1.OpenLease("B"), group1.OpenLease("C"));
        var (a2, c2) = (group2.OpenLease("A"), group2.OpenLease("C"));
        group1.Acquire("x", a1);
        group1.Acquire("y", b1);
        group2.Acquire("z", c2);
        group1.Acquire("y", a1);            // A waits for B
        group2.NowMs += 5;
        group2.Acquire("z", a2);            // (A also waits for C: not part of the cycle)
        group1.NowMs += 10;
        group1.Acquire("x", c1);            // C waits for A
        group2.NowMs += 20;
        var bLease2 = group2.OpenLease("B");
        group2.Acquire("z", bLease2);       // B waits for C (and for A, queued ahead)
        var edges = group1.Table.GetWaitForEdges().Concat(group2.Table.GetWaitForEdges()).ToList();

        var victims = DeadlockDetector.FindVictims(edges, edges);

        Assert.NotEmpty(victims);
        Assert.All(victims, v => Assert.Contains("waits for", v.Cycle));
        // Aborting the victims leaves no cycle.
        var remaining = edges.Where(e => !victims.Any(v => v.Wait.GroupId == e.GroupId && v.Wait.WaitId == e.WaitId)).ToList();
        Assert.Empty(DeadlockDetector.FindVictims(remaining, remaining));
    }

    [Fact]
    public void Chain_WithoutCycle_HasNoVictim()
    {
        var driver = new LockTableDriver();
        var (a, b, c) = (driver.OpenLease("A"), driver.OpenLease("B"), driver.OpenLease("C"));
        driver.Acquire("x", a);
        driver.Acquire("y", b);
        driver.Acquire("x", b);
        driver.Acquire("y", c);
        var edges = driver.Table.GetWaitForEdges();

        Assert.NotEmpty(edges);
        Assert.Empty(DeadlockDetector.FindVictims(edges, edges));
    }

    [Fact]
    public void CycleSeenInOnePassOnly_IsNotReported()
    {
        // Pass 1 sees A->B; meanwhile A's wait ends and a new, unrelated B->A wait appears in pass 2.
        // Joined, they would look like a cycle that never existed at any one instant.
        var driver = new LockTableDriver();
        var (a, b) = (driver.OpenLease("A"), driver.OpenLease("B"));
        driver.Acquire("x", a);
        driver.Acquire("y", b);
        driver.Acquire("y", a);
        var firstPass = driver.Table.GetWaitForEdges();
        driver.Release("y", b);
        driver.Acquire("x", b);
        var secondPass = driver.Table.GetWaitForEdges();

        var joined = firstPass.Concat(secondPass).ToList();
        Assert.NotEmpty(DeadlockDetector.FindVictims(joined, joined)); // what a single, torn pass would wrongly report
        Assert.Empty(DeadlockDetector.FindVictims(firstPass, secondPass));
    }

    [Fact]
    public void SharedHolders_WaitingOnEachOthersExclusive_AreADeadlock()
    {
        var driver = new LockTableDriver();
        var (a, b) = (driver.OpenLease("A"), driver.OpenLease("B"));
        driver.Acquire("x", a, LockMode.Shared);
        driver.Acquire("y", b, LockMode.Shared);
        driver.Acquire("y", a, LockMode.Exclusive);
        driver.Acquire("x", b, LockMode.Exclusive);
        var edges = driver.Table.GetWaitForEdges();

        var victim = Assert.Single(DeadlockDetector.FindVictims(edges, edges));
        var abort = driver.Apply(new AbortWaitCommand(victim.Wait.LockName, victim.Wait.WaiterLeaseId, victim.Wait.WaitId, victim.Cycle));

        Assert.Equal(LockEventKind.WaitAborted, Assert.Single(abort.Events).Kind);
        Assert.Empty(DeadlockDetector.FindVictims(driver.Table.GetWaitForEdges(), driver.Table.GetWaitForEdges()));
    }
}
