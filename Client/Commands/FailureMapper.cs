using System.Text;
using Orleans.Runtime.Messaging;
using OrleansSync.Client.Cli;
using OrleansSync.Grains.Interfaces.Locks;
using OrleansSync.Grains.Locks.Client;

namespace OrleansSync.Client.Commands;

/// <summary>Turns what the lock client and the runtime throw into friendly <see cref="CliException"/>s with stable codes.</summary>
internal static class FailureMapper
{
    /// <summary>The mapped failure, or null when <paramref name="exception"/> is not a known failure of a lock operation.</summary>
    public static CliException? Map(Exception exception, string lockName, ulong? leaseId = null) => exception switch
    {
        CliException cli => cli,
        LockException locked => FromLockError(locked, lockName, leaseId),
        TimeoutException => new CliException(
            ExitCodes.ClusterUnavailable, ErrorCodes.ClusterUnavailable, $"The cluster did not answer in time for '{lockName}': {exception.Message}", exception),
        _ when IsUnavailable(exception) => new CliException(
            ExitCodes.ClusterUnavailable, ErrorCodes.ClusterUnavailable, $"The cluster is unavailable: {exception.Message}", exception),
        _ => null,
    };

    /// <summary>What Orleans throws when no silo or gateway can take a call.</summary>
    public static bool IsUnavailable(Exception exception) =>
        exception is SiloUnavailableException or ConnectionFailedException or OrleansMessageRejectionException or Microsoft.AspNetCore.Connections.ConnectionAbortedException;

    public static CliException FromLockError(LockException exception, string lockName, ulong? leaseId)
    {
        var lease = leaseId is { } id ? $"Lease {id}" : "The lease";
        var (exitCode, message) = exception.Code switch
        {
            LockErrorCode.WaitTimedOut => (ExitCodes.NotGranted, $"'{lockName}' was not granted in time."),
            LockErrorCode.InvalidLockName => (ExitCodes.BadInput, $"'{lockName}' is not a valid lock name: {exception.Message}"),
            LockErrorCode.InvalidArgument => (ExitCodes.BadInput, $"The cluster refused the request for '{lockName}': {exception.Message}"),
            LockErrorCode.NotHolder => (ExitCodes.Failed, $"{lease} does not hold '{lockName}' (wrong lease id or lock name, or already released)."),
            LockErrorCode.UnknownLease => (ExitCodes.Failed, $"{lease} is unknown to the group of '{lockName}': it was released, or it expired long ago."),
            LockErrorCode.LeaseExpired => (ExitCodes.Failed, $"{lease} expired: the locks it held ('{lockName}' among them) were released."),
            LockErrorCode.DeadlockDetected => (ExitCodes.Failed, $"The wait for '{lockName}' was aborted to break a deadlock."),
            LockErrorCode.TooManyWaiters => (ExitCodes.Failed, $"'{lockName}' already has as many waiters as the cluster allows; try later."),
            LockErrorCode.CapacityExceeded => (ExitCodes.Failed, $"The lock group of '{lockName}' is full (locks, leases or holds); try later."),
            _ => (ExitCodes.Failed, $"The operation on '{lockName}' failed ({exception.Code}): {exception.Message}"),
        };
        // A wait that timed out is "not granted", as a busy 'lock try' is.
        var code = exception.Code == LockErrorCode.WaitTimedOut ? ErrorCodes.NotGranted : SnakeCase(exception.Code.ToString());
        return new CliException(exitCode, code, message, exception);
    }

    /// <summary>NotHolder → not_holder: the JSON error code of a lock error.</summary>
    public static string SnakeCase(string pascal)
    {
        var builder = new StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            if (char.IsUpper(pascal[i]) && i > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(pascal[i]));
        }

        return builder.ToString();
    }
}
