using Microsoft.Extensions.Logging;
using OrleansSync.Runtime.Transport;

namespace OrleansSync.Runtime.Silo;

internal sealed partial class SiloRouter
{
    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Silo {Silo} could not decode or route a request")]
    private static partial void LogBadRequest(ILogger logger, Exception exception, SiloAddress silo);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Debug, Message = "Routing {Interface}/{Key} again (attempt {Attempt}): {Reason}")]
    private static partial void LogRetry(ILogger logger, string @interface, string key, int attempt, string? reason);
}
