using Microsoft.Extensions.Logging;

namespace OrleansSync.Runtime.Client;

internal sealed partial class TcpClientClustering
{
    [LoggerMessage(EventId = 1801, Level = LogLevel.Warning, Message = "Could not refresh the gateway list from the membership table")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
