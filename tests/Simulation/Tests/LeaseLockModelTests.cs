using OrleansSync.Grains.Interfaces.Locks;
using OrleansSync.Grains.Locks;
using OrleansSync.TestSupport.Linearizability;
using OrleansSync.TestSupport.Linearizability.Models.LeaseLocks;
using Xunit;

namespace OrleansSync.Simulation.Tests;

/// <summary>Hand-made histories for the lease-lock model: what it must accept and what it must refuse.</summary>
public sealed class LeaseLockModelTests
{
    private const string Lock = "lock0";

    private readonly List<Operation<LeaseLockInput, LeaseLockOutput>> _history = [];
    private long _clock;

    [Fact]
    public void Check_TwoExclusiveGrantsWithoutExpiry_Illegal()
    {
        OpenLeases();
        Command(LeaseLockInput.Acquire(Lock, 1, LockMode.Exclusive, 0), Granted(token: 1, index: 3, timeMs: 20));
        Command(LeaseLockInput.Acquire(Lock, 2, LockMode.Exclusive, 0), Granted(token: 2, index: 4, timeMs: 30));

        Assert.Equal(LinearizabilityVerdict.Illegal, Check());
    }

    [Fact]
    public void Check_SecondExclusiveGrantAfterHolderLeaseExpired_Ok()
    {
        OpenLeases();
        Command(LeaseLockInput.Acquire(Lock, 1, LockMode.Exclusive, 0), Granted(token: 1, index: 3, timeMs: 20));
        Command(LeaseLockInput.Acquire(Lock, 2, LockMode.Exclusive, 0), Granted(token: 2, index: 4, timeMs: 100));
        Command(LeaseLockInput.KeepAlive(1), Failed(LockErrorCode.LeaseExpired, index: 5, timeMs: 110));

        Assert.Equal(LinearizabilityVerdict.Ok, Check());
    }

    [Fact]
    public void Check_GrantBeforeHolderLeaseDue_Illegal()
    {
        OpenLeases();
        Command(LeaseLockInput.Acquire(Lock, 1, LockMode.Exclusive, 0), Granted(token: 1, index: 3, timeMs: 20));
        Command(LeaseLockInput.Acquire(Lock, 2, LockMode.Shared, 0), Granted(token: 2, index: 4, timeMs: 79));

        Assert.Equal(LinearizabilityVerdict.Illegal, Check());
    }

    [Fact]
    public void Check_TokenNotAboveLockPreviousToken_Illegal()
    {
        OpenLeases();
        Command(LeaseLockInput.Acquire(Lock, 1, LockMode.Exclusive, 0), Granted(token: 1, index: 3, timeMs: 20));
        Command(LeaseLockInput.Release(Lock, 1), Ok(index: 4, timeMs: 30));
        Command(LeaseLockInput.Acquire(Lock, 2, LockMode.Exclusive, 0), Granted(token: 1, index: 5, timeMs: 40));

        Assert.Equal(LinearizabilityVerdict.Illegal, Check());
    }

    [Fact]
    public void Check_QueuedWaiterPromotedOnRelease_ReadSeesItHolding()
    {
        OpenLeases();
        Command(LeaseLockInput.Acquire(Lock, 1, LockMode.Exclusive, 0), Granted(token: 1, index: 3, timeMs: 20));
        Command(LeaseLockInput.Acquire(Lock, 2, LockMode.Shared, 50), Queued(waitId: 4, timeMs: 30));
        Command(LeaseLockInput.Release(Lock, 1), Ok(index: 5, timeMs: 40));
        var holder = new LockInfo(Lock, [new LockHolderInfo(2, LockMode.Shared, 1, 2)], [], 2);
        Command(LeaseLockInput.Read(Lock), Read(holder, index: 5, timeMs: 40));

        Assert.Equal(LinearizabilityVerdict.Ok, Check());
    }

    [Fact]
    public void Check_ReadMissesPromotedWaiter_Illegal()
    {
        OpenLeases();
        Command(LeaseLockInput.Acquire(Lock, 1, LockMode.Exclusive, 0), Granted(token: 1, index: 3, timeMs: 20));
        Command(LeaseLockInput.Acquire(Lock, 2, LockMode.Shared, 50), Queued(waitId: 4, timeMs: 30));
        Command(LeaseLockInput.Release(Lock, 1), Ok(index: 5, timeMs: 40));
        Command(LeaseLockInput.Read(Lock), Read(null, index: 5, timeMs: 40));

        Assert.Equal(LinearizabilityVerdict.Illegal, Check());
    }

    [Fact]
    public void Check_ExpireFreesLockOfExpiredHolder_WaiterHoldsWithoutOtherTraffic()
    {
        OpenLeases();
        Command(LeaseLockInput.Acquire(Lock, 1, LockMode.Exclusive, 0), Granted(token: 1, index: 3, timeMs: 20));
        Command(LeaseLockInput.Acquire(Lock, 2, LockMode.Exclusive, 400), Queued(waitId: 4, timeMs: 30));
        Command(LeaseLockInput.Expire(), Ok(index: 5, timeMs: 85));
        var promoted = new LockInfo(Lock, [new LockHolderInfo(2, LockMode.Exclusive, 1, 2)], [], 2);
        Command(LeaseLockInput.Read(Lock), Read(promoted, index: 5, timeMs: 85));

        Assert.Equal(LinearizabilityVerdict.Ok, Check());
    }

    [Fact]
    public void Check_ReadBehindCompletedCommand_Illegal()
    {
        OpenLeases();
        Command(LeaseLockInput.Acquire(Lock, 1, LockMode.Exclusive, 0), Granted(token: 1, index: 3, timeMs: 20));
        Command(LeaseLockInput.Read(Lock), Read(null, index: 2, timeMs: 10));

        Assert.Equal(LinearizabilityVerdict.Illegal, Check());
    }

    /// <summary>Lease 1 (TTL 80 ms, opened at 0 ms) and lease 2 (TTL 500 ms, opened at 10 ms).</summary>
    private void OpenLeases()
    {
        Command(LeaseLockInput.OpenLease("a", 80), new LeaseLockOutput(LockResultStatus.Ok, LockErrorCode.None, 1, 0, 0, 80, 1, 0, null));
        Command(LeaseLockInput.OpenLease("b", 500), new LeaseLockOutput(LockResultStatus.Ok, LockErrorCode.None, 2, 0, 0, 510, 2, 10, null));
    }

    private void Command(LeaseLockInput input, LeaseLockOutput output)
    {
        var call = ++_clock;
        _history.Add(Operation<LeaseLockInput, LeaseLockOutput>.Completed(1, input, output, call, ++_clock));
    }

    private LinearizabilityVerdict Check() =>
        LinearizabilityChecker.Check(LeaseLockModel.Instance, _history, CheckBudget.Steps(100_000)).Verdict;

    private static LeaseLockOutput Granted(ulong token, ulong index, long timeMs) =>
        new(LockResultStatus.Granted, LockErrorCode.None, 0, token, 0, 0, index, timeMs, null);

    private static LeaseLockOutput Queued(ulong waitId, long timeMs) =>
        new(LockResultStatus.Queued, LockErrorCode.None, 0, 0, waitId, 0, waitId, timeMs, null);

    private static LeaseLockOutput Ok(ulong index, long timeMs) => new(LockResultStatus.Ok, LockErrorCode.None, 0, 0, 0, 0, index, timeMs, null);

    private static LeaseLockOutput Failed(LockErrorCode error, ulong index, long timeMs) =>
        new(LockResultStatus.Failed, error, 0, 0, 0, 0, index, timeMs, null);

    private static LeaseLockOutput Read(LockInfo? info, ulong index, long timeMs) => new(0, LockErrorCode.None, 0, 0, 0, 0, index, timeMs, info);
}
