namespace OrleansSync.Silo.Status;

internal sealed partial class RaftStatusCache
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Reading the Raft groups' status failed; retrying next interval")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
