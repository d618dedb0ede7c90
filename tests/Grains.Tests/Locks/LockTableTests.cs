using OrleansSync.Grains.Interfaces.Locks;
using OrleansSync.Grains.Locks;

namespace OrleansSync.Grains.Tests.Locks;

public sealed class LockTableTests
{
    [Fact]
    public void Acquire_FreeLock_GrantsExclusiveWithToken()
    {
        var driver = new LockTableDriver();
        var lease = driver.OpenLease();

        var result = driver.Acquire("orders/42", lease);

        Assert.Equal(LockResultStatus.Granted, result.Status);
        Assert.True(result.FencingToken > 0);
        var info = driver.Table.GetLock("orders/42")!;
        Assert.Equal(lease, Assert.Single(info.Holders).LeaseId);
    }

    [Fact]
    public void Release_WithWaiter_GrantsNextWithHigherToken()
    {
        var driver = new LockTableDriver();
        var first = driver.OpenLease("a");
        var second = driver.OpenLease("b");
        var firstToken = driver.Acquire("x", first).FencingToken;
        var queued = driver.Acquire("x", second);
        Assert.Equal(LockResultStatus.Queued, queued.Status);

        var release = driver.Release("x", first);

        var grant = Assert.Single(release.Events);
        Assert.Equal(LockEventKind.Granted, grant.Kind);
        Assert.Equal(second, grant.LeaseId);
        Assert.Equal(queued.WaitId, grant.WaitId);
        Assert.True(grant.FencingToken > firstToken);
    }

    [Fact]
    public void TryAcquire_BusyLock_IsNotGrantedAndLeavesNoWaiter()
    {
        var driver = new LockTableDriver();
        var holder = driver.OpenLease("a");
        var other = driver.OpenLease("b");
        driver.Acquire("x", holder);

        var result = driver.Acquire("x", other, waitMs: 0);

        Assert.Equal(LockResultStatus.NotGranted, result.Status);
        Assert.Empty(driver.Table.GetLock("x")!.Waiters);
    }

    [Fact]
    public void Shared_Holders_Coexist_AndLaterSharedQueuesBehindWaitingExclusive()
    {
        var driver = new LockTableDriver();
        var (a, b, writer, late) = (driver.OpenLease("a"), driver.OpenLease("b"), driver.OpenLease("w"), driver.OpenLease("l"));
        Assert.Equal(LockResultStatus.Granted, driver.Acquire("x", a, LockMode.Shared).Status);
        Assert.Equal(LockResultStatus.Granted, driver.Acquire("x", b, LockMode.Shared).Status);
        Assert.Equal(LockResultStatus.Queued, driver.Acquire("x", writer).Status);

        // Fairness: the late reader must not overtake the queued writer.
        Assert.Equal(LockResultStatus.Queued, driver.Acquire("x", late, LockMode.Shared).Status);

        Assert.Empty(driver.Release("x", a).Events);
        var writerGrant = Assert.Single(driver.Release("x", b).Events);
        Assert.Equal(writer, writerGrant.LeaseId);
        var lateGrant = Assert.Single(driver.Release("x", writer).Events);
        Assert.Equal(late, lateGrant.LeaseId);
    }

    [Fact]
    public void Release_OfExclusive_GrantsWholeRunOfSharedWaiters()
    {
        var driver = new LockTableDriver();
        var writer = driver.OpenLease("w");
        var readers = Enumerable.Range(0, 3).Select(i => driver.OpenLease($"r{i}")).ToList();
        var writer2 = driver.OpenLease("w2");
        driver.Acquire("x", writer);
        readers.ForEach(r => driver.Acquire("x", r, LockMode.Shared));
        driver.Acquire("x", writer2);

        var events = driver.Release("x", writer).Events;

        Assert.Equal(readers, events.Select(e => e.LeaseId));
        Assert.All(events, e => Assert.Equal(LockEventKind.Granted, e.Kind));
        Assert.Equal(writer2, Assert.Single(driver.Table.GetLock("x")!.Waiters).LeaseId);
    }

    [Fact]
    public void Acquire_Reentrant_IsCountedAndKeepsToken()
    {
        var driver = new LockTableDriver();
        var lease = driver.OpenLease();
        var token = driver.Acquire("x", lease).FencingToken;

        var again = driver.Acquire("x", lease);
        driver.Release("x", lease);

        Assert.Equal(token, again.FencingToken);
        Assert.Equal(1, Assert.Single(driver.Table.GetLock("x")!.Holders).HoldCount);
        driver.Release("x", lease);
        Assert.Null(driver.Table.GetLock("x"));
    }

    [Fact]
    public void Upgrade_BySoleSharedHolder_IsImmediateWithNewToken()
    {
        var driver = new LockTableDriver();
        var lease = driver.OpenLease();
        var sharedToken = driver.Acquire("x", lease, LockMode.Shared).FencingToken;

        var upgraded = driver.Acquire("x", lease, LockMode.Exclusive);

        Assert.Equal(LockResultStatus.Granted, upgraded.Status);
        Assert.True(upgraded.FencingToken > sharedToken);
        Assert.Equal(LockMode.Exclusive, Assert.Single(driver.Table.GetLock("x")!.Holders).Mode);
    }

    [Fact]
    public void Upgrade_WithOtherSharedHolder_WaitsAtFront_AndSecondUpgradeIsAConflict()
    {
        var driver = new LockTableDriver();
        var (a, b, writer) = (driver.OpenLease("a"), driver.OpenLease("b"), driver.OpenLease("w"));
        driver.Acquire("x", a, LockMode.Shared);
        driver.Acquire("x", b, LockMode.Shared);
        driver.Acquire("x", writer);

        var upgrade = driver.Acquire("x", a, LockMode.Exclusive);
        var conflict = driver.Acquire("x", b, LockMode.Exclusive);

        Assert.Equal(LockResultStatus.Queued, upgrade.Status);
        Assert.Equal(LockErrorCode.UpgradeConflict, conflict.Error);
        Assert.True(driver.Table.GetLock("x")!.Waiters[0].IsUpgrade);
        var grant = Assert.Single(driver.Release("x", b).Events);
        Assert.Equal((a, LockEventKind.Granted), (grant.LeaseId, grant.Kind));
    }

    [Fact]
    public void LeaseExpiry_ReleasesLocks_AndGrantsWaiter()
    {
        var driver = new LockTableDriver();
        var holder = driver.OpenLease("a", ttlMs: 2_000);
        var waiter = driver.OpenLease("b", ttlMs: 60_000);
        driver.Acquire("x", holder);
        driver.Acquire("x", waiter, waitMs: 30_000);

        var events = driver.Advance(2_000).Events;

        Assert.Contains(events, e => e.Kind == LockEventKind.LeaseExpired && e.LeaseId == holder);
        Assert.Contains(events, e => e.Kind == LockEventKind.Granted && e.LeaseId == waiter);
        Assert.Equal(LockErrorCode.LeaseExpired, driver.Apply(new KeepAliveCommand(holder)).Error);
        Assert.Equal(LockErrorCode.LeaseExpired, driver.Release("x", holder).Error);
    }

    [Fact]
    public void KeepAlive_ExtendsLease()
    {
        var driver = new LockTableDriver();
        var lease = driver.OpenLease(ttlMs: 2_000);
        driver.Acquire("x", lease);

        driver.NowMs += 1_500;
        var kept = driver.Apply(new KeepAliveCommand(lease));
        driver.Advance(1_500);

        Assert.Equal(driver.NowMs + 500, kept.LeaseExpiresAtMs);
        Assert.NotNull(driver.Table.GetLock("x"));
    }

    [Fact]
    public void WaitTimeout_RemovesWaiter_AndUnblocksSharedBehindIt()
    {
        var driver = new LockTableDriver();
        var (reader, writer, reader2) = (driver.OpenLease("r"), driver.OpenLease("w"), driver.OpenLease("r2"));
        driver.Acquire("x", reader, LockMode.Shared);
        driver.Acquire("x", writer, waitMs: 1_000);
        driver.Acquire("x", reader2, LockMode.Shared, waitMs: 10_000);

        var events = driver.Advance(1_000).Events;

        Assert.Equal(LockEventKind.WaitTimedOut, events[0].Kind);
        Assert.Equal(writer, events[0].LeaseId);
        Assert.Equal((LockEventKind.Granted, reader2), (events[1].Kind, events[1].LeaseId));
    }

    [Fact]
    public void Release_ByNonHolder_IsNotHolder()
    {
        var driver = new LockTableDriver();
        var (holder, other) = (driver.OpenLease("a"), driver.OpenLease("b"));
        driver.Acquire("x", holder);

        Assert.Equal(LockErrorCode.NotHolder, driver.Release("x", other).Error);
        Assert.Equal(LockErrorCode.UnknownLease, driver.Release("x", 9_999).Error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("bad\nname")]
    [InlineData("tab\tname")]
    public void Acquire_InvalidName_IsRejected(string name)
    {
        var driver = new LockTableDriver();
        var lease = driver.OpenLease();

        Assert.Equal(LockErrorCode.InvalidLockName, driver.Acquire(name, lease).Error);
    }

    [Fact]
    public void Acquire_TooLongName_OrNegativeWait_IsRejected()
    {
        var driver = new LockTableDriver(new LockTableOptions { MaxLockNameLength = 8 });
        var lease = driver.OpenLease();

        Assert.Equal(LockErrorCode.InvalidLockName, driver.Acquire("123456789", lease).Error);
        Assert.Equal(LockErrorCode.InvalidArgument, driver.Acquire("x", lease, waitMs: -1).Error);
        Assert.Equal(LockErrorCode.InvalidArgument, driver.Acquire("x", lease, (LockMode)9).Error);
    }

    [Fact]
    public void OpenLease_TtlOutOfRange_OrTooMany_IsRejected()
    {
        var driver = new LockTableDriver(new LockTableOptions { MaxLeases = 1 });

        Assert.Equal(LockErrorCode.InvalidArgument, driver.Apply(new OpenLeaseCommand("a", 10)).Error);
        Assert.Equal(LockErrorCode.InvalidArgument, driver.Apply(new OpenLeaseCommand("", 10_000)).Error);
        driver.OpenLease("a");
        Assert.Equal(LockErrorCode.CapacityExceeded, driver.Apply(new OpenLeaseCommand("b", 10_000)).Error);
    }

    [Fact]
    public void Acquire_BeyondWaiterBound_IsTooManyWaiters()
    {
        var driver = new LockTableDriver(new LockTableOptions { MaxWaitersPerLock = 1 });
        var leases = Enumerable.Range(0, 3).Select(i => driver.OpenLease($"c{i}")).ToList();
        driver.Acquire("x", leases[0]);
        driver.Acquire("x", leases[1]);

        Assert.Equal(LockErrorCode.TooManyWaiters, driver.Acquire("x", leases[2]).Error);
    }

    [Fact]
    public void Apply_TimestampGoingBack_DoesNotMoveTimeBack()
    {
        var driver = new LockTableDriver();
        driver.OpenLease(ttlMs: 5_000);
        driver.NowMs -= 500;

        driver.Apply(new ExpireCommand());

        Assert.Equal(1_000, driver.Table.NowMs);
    }

    [Fact]
    public void Apply_IndexNotIncreasing_Throws()
    {
        var table = new LockTable(1, new LockTableOptions());
        table.Apply(5, 0, new ExpireCommand());

        Assert.Throws<ArgumentOutOfRangeException>(() => table.Apply(5, 0, new ExpireCommand()));
    }

    [Fact]
    public void AbortWait_RemovesOnlyThatWait_AndStaleAbortDoesNothing()
    {
        var driver = new LockTableDriver();
        var (holder, waiter) = (driver.OpenLease("a"), driver.OpenLease("b"));
        driver.Acquire("x", holder);
        var waitId = driver.Acquire("x", waiter).WaitId;

        var stale = driver.Apply(new AbortWaitCommand("x", waiter, waitId + 100, "cycle"));
        var abort = driver.Apply(new AbortWaitCommand("x", waiter, waitId, "a waits for b"));

        Assert.Empty(stale.Events);
        var aborted = Assert.Single(abort.Events);
        Assert.Equal((LockEventKind.WaitAborted, "a waits for b"), (aborted.Kind, aborted.Detail));
        Assert.Empty(driver.Table.GetLock("x")!.Waiters);
    }

    [Fact]
    public void CloseLease_ReleasesEverything_AndCancelsWaits()
    {
        var driver = new LockTableDriver();
        var (a, b) = (driver.OpenLease("a"), driver.OpenLease("b"));
        driver.Acquire("x", a);
        driver.Acquire("y", b);
        driver.Acquire("y", a);

        var events = driver.Apply(new CloseLeaseCommand(a)).Events;

        Assert.Contains(events, e => e.Kind == LockEventKind.WaitCancelled && e.LockName == "y");
        Assert.Null(driver.Table.GetLock("x"));
        Assert.Equal(LockErrorCode.UnknownLease, driver.Apply(new KeepAliveCommand(a)).Error);
    }

    [Fact]
    public void CancelWait_LetsLaterRequestsThrough()
    {
        var driver = new LockTableDriver();
        var (reader, writer, reader2) = (driver.OpenLease("r"), driver.OpenLease("w"), driver.OpenLease("r2"));
        driver.Acquire("x", reader, LockMode.Shared);
        driver.Acquire("x", writer);
        driver.Acquire("x", reader2, LockMode.Shared);

        var cancel = driver.Apply(new CancelWaitCommand("x", writer));

        Assert.Equal((LockEventKind.Granted, reader2), (Assert.Single(cancel.Events).Kind, cancel.Events[0].LeaseId));
        Assert.Equal(LockErrorCode.NotWaiting, driver.Apply(new CancelWaitCommand("x", writer)).Error);
    }

    [Fact]
    public void SnapshotRestore_ReproducesStateAndBehaviour()
    {
        var driver = new LockTableDriver();
        var (a, b, c) = (driver.OpenLease("a"), driver.OpenLease("b"), driver.OpenLease("c", ttlMs: 3_000));
        driver.Acquire("x", a, LockMode.Shared);
        driver.Acquire("x", b);
        driver.Acquire("y", c, LockMode.Shared);
        var bytes = driver.Table.Snapshot();

        var restored = new LockTable(1, new LockTableOptions());
        restored.Restore(bytes);

        Assert.Equal(bytes, restored.Snapshot());
        var next = driver.Index + 1;
        var expected = driver.Table.Apply(next, driver.NowMs + 5_000, new ReleaseCommand("x", a));
        var actual = restored.Apply(next, driver.NowMs + 5_000, new ReleaseCommand("x", a));
        Assert.Equal(expected.Events, actual.Events);
        Assert.Equal(driver.Table.Snapshot(), restored.Snapshot());
    }

    [Fact]
    public void Restore_CorruptOrTruncatedSnapshot_Throws()
    {
        var driver = new LockTableDriver();
        driver.Acquire("x", driver.OpenLease());
        var bytes = driver.Table.Snapshot();
        var table = new LockTable(1, new LockTableOptions());

        Assert.Throws<InvalidDataException>(() => table.Restore(bytes.AsSpan(0, bytes.Length - 3)));
        Assert.Throws<InvalidDataException>(() => table.Restore([9, .. bytes[1..]]));
        Assert.Throws<InvalidDataException>(() => table.Restore([.. bytes, 0]));
        Assert.Equal(0, table.LockCount);
    }

    [Fact]
    public void Options_OutOfRange_AreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LockTable(1, new LockTableOptions { MaxLocks = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LockTable(1, new LockTableOptions { MinLeaseTtlMs = 10, MaxLeaseTtlMs = 5 }));
    }
}
