using Microsoft.Extensions.Logging;

namespace OrleansSync.Grains.Locks.Detection;

internal sealed partial class DeadlockDetectorStarter
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not reach the deadlock detector: {ErrorType}: {Error}")]
    private static partial void LogStartFailed(ILogger logger, string errorType, string error);
}
