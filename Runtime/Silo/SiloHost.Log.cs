using Microsoft.Extensions.Logging;
using OrleansSync.Runtime.Transport;

namespace OrleansSync.Runtime.Silo;

internal sealed partial class SiloHost
{
    [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message = "Silo {Silo} started")]
    private static partial void LogStarted(ILogger logger, SiloAddress silo);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Information, Message = "Silo {Silo} stopped")]
    private static partial void LogStopped(ILogger logger, SiloAddress silo);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Warning, Message = "Silo {Silo} killed")]
    private static partial void LogKilled(ILogger logger, SiloAddress silo);

    [LoggerMessage(EventId = 1404, Level = LogLevel.Error, Message = "Silo loop {Loop} failed")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception, string loop);

    [LoggerMessage(EventId = 1405, Level = LogLevel.Warning, Message = "Silo loops did not stop in time")]
    private static partial void LogLoopsSlow(ILogger logger);

    [LoggerMessage(EventId = 1406, Level = LogLevel.Debug, Message = "Silo {Silo} sees view {Version} with {Count} active silos")]
    private static partial void LogViewChanged(ILogger logger, SiloAddress silo, long version, int count);
}
