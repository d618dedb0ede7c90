using Microsoft.Extensions.Logging;

namespace OrleansSync.Grains.Locks.Detection;

public sealed partial class DeadlockDetectorGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Deadlock detector active over {Groups} lock groups, every {PeriodMs} ms")]
    private partial void LogStarted(int groups, int periodMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deadlock: aborted {Owner}'s wait on '{Lock}' (group {Group}, wait {WaitId}) to break the cycle {Cycle}: {Status}")]
    private partial void LogAborted(string owner, string @lock, int group, ulong waitId, string cycle, string status);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Deadlock detector could not read lock group {Group} this round: {Error}")]
    private partial void LogGroupUnreadable(int group, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deadlock detection round failed: {ErrorType}: {Error}")]
    private partial void LogRoundFailed(string errorType, string error);
}
