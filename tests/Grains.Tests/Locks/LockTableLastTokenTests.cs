using FsCheck;
using FsCheck.Fluent;
using OrleansSync.Grains.Interfaces.Locks;
using OrleansSync.Grains.Locks;

namespace OrleansSync.Grains.Tests.Locks;

/// <summary>
/// A lock's last fencing token outlives the lock's entry in the table: exact while remembered,
/// an upper bound once forgotten, and never lower than it was. FsCheck prints the replay seed of
/// a failing case.
/// </summary>
public sealed class LockTableLastTokenTests
{
    private static readonly string[] LockNames = ["a", "b", "c", "d", "e"];

    [Fact]
    public void FreeLock_ReportsTheTokenOfItsLastGrant()
    {
        var driver = new LockTableDriver();
        var lease = driver.OpenLease();
        ulong last = 0;
        for (var i = 0; i < 50; i++)
        {
            last = driver.Acquire("x", lease).FencingToken;
            driver.Release("x", lease);
        }

        Assert.Null(driver.Table.GetLock("x"));
        Assert.Equal(last, driver.Table.GetLastFencingToken("x"));
        Assert.Equal(0UL, driver.Table.GetLastFencingToken("never-granted"));
    }

    [Fact]
    public void LockFreedByLeaseExpiry_KeepsItsToken()
    {
        var driver = new LockTableDriver();
        var lease = driver.OpenLease(ttlMs: 2_000);
        var token = driver.Acquire("x", lease).FencingToken;

        driver.Advance(2_000);

        Assert.Null(driver.Table.GetLock("x"));
        Assert.Equal(token, driver.Table.GetLastFencingToken("x"));
    }

    [Fact]
    public void ReacquiredLock_ContinuesAboveItsRememberedToken()
    {
        var driver = new LockTableDriver();
        var (a, b) = (driver.OpenLease("a"), driver.OpenLease("b"));
        var first = driver.Acquire("x", a).FencingToken;
        driver.Release("x", a);
        driver.Acquire("other", b);

        var second = driver.Acquire("x", b).FencingToken;

        Assert.True(second > first);
        Assert.Equal(second, driver.Table.GetLock("x")!.LastFencingToken);
        Assert.Equal(second, driver.Table.GetLastFencingToken("x"));
        Assert.Equal(0, driver.Table.RememberedFreeLockCount); // "x" left the record when it came back
    }

    [Fact]
    public void ForgottenFreeLock_ReportsACeilingAtLeastItsRealToken()
    {
        var driver = new LockTableDriver(new LockTableOptions { MaxRememberedFreeLocks = 2 });
        var lease = driver.OpenLease();
        var tokens = new Dictionary<string, ulong>();
        foreach (var name in new[] { "a", "b", "c" })
        {
            tokens[name] = driver.Acquire(name, lease).FencingToken;
            driver.Release(name, lease);
        }

        Assert.Equal(2, driver.Table.RememberedFreeLockCount);
        Assert.Equal(tokens["b"], driver.Table.GetLastFencingToken("b"));
        Assert.Equal(tokens["c"], driver.Table.GetLastFencingToken("c"));
        Assert.Equal(tokens["a"], driver.Table.GetLastFencingToken("a")); // the ceiling: a's token was the one forgotten
        Assert.Equal(tokens["a"], driver.Table.GetLastFencingToken("never-granted"));
        Assert.True(driver.Acquire("a", lease).FencingToken > tokens["a"]);
    }

    [Fact]
    public void Snapshot_KeepsRememberedTokensAndTheCeiling()
    {
        var driver = new LockTableDriver(new LockTableOptions { MaxRememberedFreeLocks = 2 });
        var lease = driver.OpenLease();
        foreach (var name in new[] { "a", "b", "c" })
        {
            driver.Acquire(name, lease);
            driver.Release(name, lease);
        }

        driver.Acquire("held", lease);
        var bytes = driver.Table.Snapshot();
        var restored = new LockTable(1, new LockTableOptions { MaxRememberedFreeLocks = 2 });
        restored.Restore(bytes);

        Assert.Equal(bytes, restored.Snapshot());
        foreach (var name in new[] { "a", "b", "c", "held", "never-granted" })
        {
            Assert.Equal(driver.Table.GetLastFencingToken(name), restored.GetLastFencingToken(name));
        }
    }

    [Fact]
    public void Restore_SnapshotRememberingMoreFreeLocksThanAllowed_Throws()
    {
        var driver = new LockTableDriver(new LockTableOptions { MaxRememberedFreeLocks = 3 });
        var lease = driver.OpenLease();
        foreach (var name in new[] { "a", "b", "c" })
        {
            driver.Acquire(name, lease);
            driver.Release(name, lease);
        }

        var smaller = new LockTable(1, new LockTableOptions { MaxRememberedFreeLocks = 2 });

        Assert.Throws<InvalidDataException>(() => smaller.Restore(driver.Table.Snapshot()));
    }

    [Fact]
    public void LastFencingTokenQuery_AnswersLikeTheTable()
    {
        var locks = new LockStateMachine(3, new LockTableOptions());
        var lease = locks.Table.Apply(1, 1_000, new OpenLeaseCommand("A", 10_000)).LeaseId;
        var token = locks.Table.Apply(2, 1_000, new AcquireCommand("x", lease, LockMode.Exclusive, 0)).FencingToken;
        locks.Table.Apply(3, 1_000, new ReleaseCommand("x", lease));

        Assert.Equal(token, LockWireCodec.DecodeLastFencingToken(locks.Query(LockWireCodec.EncodeLastFencingTokenQuery("x")).Span));
        Assert.Equal(0UL, LockWireCodec.DecodeLastFencingToken(locks.Query(LockWireCodec.EncodeLastFencingTokenQuery("y")).Span));
    }

    [Fact]
    public void RandomCommands_ReportedTokenIsExactWhenRemembered_AndNeverGoesDown()
    {
        var commands = Gen.Choose(0, int.MaxValue).ArrayOf().Select(values => values.Take(150).ToArray());
        Prop.ForAll(commands.ToArbitrary(), encoded => RunAndCheck(encoded, capacity: LockNames.Length) && RunAndCheck(encoded, capacity: 2))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(200));
    }

    /// <summary>
    /// Replays acquires, releases, lease closes and time steps; after each, every lock's reported
    /// token is at least its true last token, exact if the lock is in the table (or every free
    /// lock fits the record), never below an earlier report, and the same after a snapshot round trip.
    /// </summary>
    private static bool RunAndCheck(int[] encoded, int capacity)
    {
        var options = new LockTableOptions { MaxRememberedFreeLocks = capacity };
        var driver = new LockTableDriver(options);
        var leases = new[] { driver.OpenLease("p", 3_000), driver.OpenLease("q", 3_000) };
        var trueLast = LockNames.ToDictionary(n => n, _ => 0UL);
        var reported = LockNames.ToDictionary(n => n, _ => 0UL);
        foreach (var value in encoded)
        {
            var slot = value % leases.Length;
            var name = LockNames[value / 2 % LockNames.Length];
            var result = (value / 10 % 5) switch
            {
                0 or 1 => driver.Acquire(name, leases[slot], (value / 50 % 2) == 0 ? LockMode.Exclusive : LockMode.Shared, waitMs: value / 100 % 3 * 1_000),
                2 => driver.Release(name, leases[slot]),
                3 => driver.Advance(value / 50 % 4 * 500),
                _ => ReopenLease(driver, leases, slot),
            };
            if (result.Status == LockResultStatus.Granted)
            {
                trueLast[name] = Math.Max(trueLast[name], result.FencingToken);
            }

            RecordGrants(result, trueLast);
            if (!CheckReports(driver.Table, trueLast, reported, exact: capacity >= LockNames.Length))
            {
                return false;
            }
        }

        var restored = new LockTable(1, options);
        restored.Restore(driver.Table.Snapshot());
        return LockNames.All(n => restored.GetLastFencingToken(n) == driver.Table.GetLastFencingToken(n));
    }

    private static LockResult ReopenLease(LockTableDriver driver, ulong[] leases, int slot)
    {
        var closed = driver.Apply(new CloseLeaseCommand(leases[slot]));
        leases[slot] = driver.OpenLease("r", 3_000);
        return closed;
    }

    private static void RecordGrants(LockResult result, Dictionary<string, ulong> trueLast)
    {
        foreach (var grant in result.Events.Where(e => e.Kind == LockEventKind.Granted))
        {
            trueLast[grant.LockName] = Math.Max(trueLast[grant.LockName], grant.FencingToken);
        }
    }

    private static bool CheckReports(LockTable table, Dictionary<string, ulong> trueLast, Dictionary<string, ulong> reported, bool exact)
    {
        foreach (var name in LockNames)
        {
            var now = table.GetLastFencingToken(name);
            var isExact = now == trueLast[name];
            if (now < trueLast[name] || now < reported[name] || ((exact || table.GetLock(name) is not null) && !isExact))
            {
                return false;
            }

            reported[name] = now;
        }

        return true;
    }
}
