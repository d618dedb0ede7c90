using OrleansSync.TestSupport.Linearizability;
using OrleansSync.TestSupport.Linearizability.Models;

namespace OrleansSync.Grains.Tests.Linearizability;

public sealed class LockLinearizabilityTests
{
    private static Operation<LockInput, LockOutput> Op(int client, LockInput input, LockOutput output, long call, long ret) =>
        Operation<LockInput, LockOutput>.Completed(client, input, output, call, ret);

    private static LinearizabilityResult Check(params Operation<LockInput, LockOutput>[] history) =>
        LinearizabilityChecker.Check(LockModel.Instance, history);

    [Fact]
    public void Check_ExclusiveHoldersOneAfterAnother_IsOk()
    {
        // B's acquire overlaps A's release, so B may be granted just after it.
        var result = Check(
            Op(1, LockInput.AcquireExclusive("L", "A"), LockOutput.GrantedWith(1), 0, 1),
            Op(2, LockInput.AcquireExclusive("L", "B"), LockOutput.GrantedWith(2), 2, 5),
            Op(1, LockInput.Release("L", "A"), LockOutput.Released, 3, 4),
            Op(2, LockInput.Release("L", "B"), LockOutput.Released, 6, 7));

        Assert.True(result.IsOk, result.ToString());
    }

    [Fact]
    public void Check_TwoOverlappingExclusiveHolders_IsIllegal()
    {
        // B was granted after A's grant returned and before A's release started.
        var result = Check(
            Op(1, LockInput.AcquireExclusive("L", "A"), LockOutput.GrantedWith(1), 0, 1),
            Op(2, LockInput.AcquireExclusive("L", "B"), LockOutput.GrantedWith(2), 2, 3),
            Op(1, LockInput.Release("L", "A"), LockOutput.Released, 4, 5));

        Assert.True(result.IsIllegal, result.ToString());
        Assert.Equal("L", result.PartitionKey);
    }

    [Fact]
    public void Check_SharedHoldersTogether_IsOk()
    {
        var result = Check(
            Op(1, LockInput.AcquireShared("L", "A"), LockOutput.GrantedWith(1), 0, 1),
            Op(2, LockInput.AcquireShared("L", "B"), LockOutput.GrantedWith(1), 2, 3),
            Op(3, LockInput.AcquireExclusive("L", "C"), LockOutput.NotGranted, 4, 5),
            Op(1, LockInput.Release("L", "A"), LockOutput.Released, 6, 7),
            Op(2, LockInput.Release("L", "B"), LockOutput.Released, 8, 9),
            Op(3, LockInput.AcquireExclusive("L", "C"), LockOutput.GrantedWith(2), 10, 11));

        Assert.True(result.IsOk, result.ToString());
    }

    [Fact]
    public void Check_SharedGrantedWhileExclusiveHeld_IsIllegal()
    {
        var result = Check(
            Op(1, LockInput.AcquireExclusive("L", "A"), LockOutput.GrantedWith(1), 0, 1),
            Op(2, LockInput.AcquireShared("L", "B"), LockOutput.GrantedWith(2), 2, 3));

        Assert.True(result.IsIllegal, result.ToString());
    }

    [Fact]
    public void Check_TryLockRefusedWhileFree_IsIllegal()
    {
        var result = Check(
            Op(1, LockInput.AcquireExclusive("L", "A"), LockOutput.NotGranted, 0, 1));

        Assert.True(result.IsIllegal, result.ToString());
    }

    [Fact]
    public void Check_FencingTokenGoingBack_IsIllegal()
    {
        var result = Check(
            Op(1, LockInput.AcquireExclusive("L", "A"), LockOutput.GrantedWith(5), 0, 1),
            Op(1, LockInput.Release("L", "A"), LockOutput.Released, 2, 3),
            Op(2, LockInput.AcquireExclusive("L", "B"), LockOutput.GrantedWith(4), 4, 5));

        Assert.True(result.IsIllegal, result.ToString());
    }

    [Fact]
    public void Check_ReleaseByNonHolderReportedAsReleased_IsIllegal()
    {
        var result = Check(
            Op(1, LockInput.AcquireExclusive("L", "A"), LockOutput.GrantedWith(1), 0, 1),
            Op(2, LockInput.Release("L", "B"), LockOutput.Released, 2, 3));

        Assert.True(result.IsIllegal, result.ToString());
    }

    [Fact]
    public void Check_PendingAcquireThatTookEffect_BlocksOthers()
    {
        // A's acquire never returned, but B was refused while nobody else held the lock:
        // only A's pending acquire having taken effect explains that.
        var explained = Check(
            Operation<LockInput, LockOutput>.Pending(1, LockInput.AcquireExclusive("L", "A"), 0),
            Op(2, LockInput.AcquireExclusive("L", "B"), LockOutput.NotGranted, 1, 2));
        var contradicted = Check(
            Operation<LockInput, LockOutput>.Pending(1, LockInput.AcquireExclusive("L", "A"), 0),
            Op(2, LockInput.AcquireExclusive("L", "B"), LockOutput.NotGranted, 1, 2),
            Op(3, LockInput.AcquireExclusive("L", "C"), LockOutput.GrantedWith(3), 3, 4));

        Assert.True(explained.IsOk, explained.ToString());
        Assert.True(contradicted.IsIllegal, contradicted.ToString());
    }

    [Fact]
    public void Check_LocksAreIndependent_IsOk()
    {
        var result = Check(
            Op(1, LockInput.AcquireExclusive("L1", "A"), LockOutput.GrantedWith(1), 0, 1),
            Op(2, LockInput.AcquireExclusive("L2", "B"), LockOutput.GrantedWith(1), 2, 3));

        Assert.True(result.IsOk, result.ToString());
    }
}
