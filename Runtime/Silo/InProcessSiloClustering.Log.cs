using Microsoft.Extensions.Logging;

namespace OrleansSync.Runtime.Silo;

internal sealed partial class InProcessSiloClustering
{
    [LoggerMessage(EventId = 1601, Level = LogLevel.Error, Message = "The in-process liveness agent failed")]
    private static partial void LogLivenessFailed(ILogger logger, Exception exception);
}
