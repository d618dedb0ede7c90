using Microsoft.Extensions.Logging;
using OrleansSync.Runtime.Transport;

namespace OrleansSync.Runtime.Silo;

internal sealed partial class TcpSiloClustering
{
    [LoggerMessage(EventId = 1701, Level = LogLevel.Information, Message = "Silo {Name} listens as {Address} over TCP")]
    private static partial void LogStarted(ILogger logger, string name, SiloAddress address);

    [LoggerMessage(EventId = 1702, Level = LogLevel.Warning, Message = "Closing the transport of a killed silo failed")]
    private static partial void LogKillFailed(ILogger logger, Exception exception);
}
