using OrleansSync.Client.Cli;
using OrleansSync.Client.Commands;
using OrleansSync.Grains.Interfaces.Locks;
using OrleansSync.Grains.Locks.Client;

namespace OrleansSync.Client.Tests.Cli;

public sealed class FailureMapperTests
{
    [Theory]
    [InlineData(LockErrorCode.WaitTimedOut, ExitCodes.NotGranted, "not_granted")]
    [InlineData(LockErrorCode.InvalidLockName, ExitCodes.BadInput, "invalid_lock_name")]
    [InlineData(LockErrorCode.InvalidArgument, ExitCodes.BadInput, "invalid_argument")]
    [InlineData(LockErrorCode.NotHolder, ExitCodes.Failed, "not_holder")]
    [InlineData(LockErrorCode.UnknownLease, ExitCodes.Failed, "unknown_lease")]
    [InlineData(LockErrorCode.LeaseExpired, ExitCodes.Failed, "lease_expired")]
    [InlineData(LockErrorCode.DeadlockDetected, ExitCodes.Failed, "deadlock_detected")]
    [InlineData(LockErrorCode.CapacityExceeded, ExitCodes.Failed, "capacity_exceeded")]
    public void LockErrors_MapToExitCodesAndSnakeCaseCodes(LockErrorCode code, int exitCode, string jsonCode)
    {
        var failure = FailureMapper.Map(new LockException(code, "detail"), "demo", 12)!;

        Assert.Equal(exitCode, failure.ExitCode);
        Assert.Equal(jsonCode, failure.Code);
        Assert.Contains("demo", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LeaseErrors_NameTheLease()
    {
        Assert.StartsWith("Lease 12 does not hold 'demo'", FailureMapper.Map(new LockException(LockErrorCode.NotHolder, "x"), "demo", 12)!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Timeouts_AndAnUnavailableCluster_MapToClusterUnavailable()
    {
        Assert.Equal(ExitCodes.ClusterUnavailable, FailureMapper.Map(new TimeoutException("group 3"), "demo")!.ExitCode);
        Assert.Equal(ErrorCodes.ClusterUnavailable, FailureMapper.Map(new SiloUnavailableException("none"), "demo")!.Code);
    }

    [Fact]
    public void OtherExceptions_AreNotMapped()
    {
        Assert.Null(FailureMapper.Map(new InvalidOperationException("bug"), "demo"));
    }
}
