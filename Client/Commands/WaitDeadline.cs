using OrleansSync.Client.Cli;

namespace OrleansSync.Client.Commands;

/// <summary>
/// A client-side end to a queued wait. The lock table times a wait out only when some command
/// reaches its group (expiry runs at the start of each command, and no expiry proposer runs yet),
/// so on a quiet group the lock client would poll a timed-out wait indefinitely. The client gives
/// up at <c>--wait</c> plus <see cref="Margin"/> (the server normally answers first) and cancels:
/// the lock client then withdraws the wait or closes the lease, so nothing stays held.
/// </summary>
internal static class WaitDeadline
{
    public static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(500);

    public static async Task<T> RunAsync<T>(string name, TimeSpan wait, Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(wait + Margin);
        try
        {
            return await operation(deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw NotGranted(name, wait);
        }
    }

    public static CliException NotGranted(string name, TimeSpan wait) => new(
        ExitCodes.NotGranted,
        ErrorCodes.NotGranted,
        wait == TimeSpan.Zero ? $"'{name}' is held by someone else (not granted)." : $"'{name}' was not granted within {DurationParser.Format(wait)}.");
}
