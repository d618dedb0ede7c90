using Microsoft.Extensions.Logging;
using OrleansSync.Runtime.Transport;

namespace OrleansSync.Runtime.Client;

internal sealed partial class ClusterClient
{
    [LoggerMessage(EventId = 1501, Level = LogLevel.Information, Message = "Cluster client {Client} connected")]
    private static partial void LogConnected(ILogger logger, SiloAddress client);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Debug, Message = "Gateway {Gateway} unavailable (attempt {Attempt}); trying another")]
    private static partial void LogGatewayUnavailable(ILogger logger, SiloAddress gateway, int attempt);
}
