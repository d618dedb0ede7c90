using Microsoft.Extensions.Logging;

namespace OrleansSync.Runtime.Messaging;

internal sealed partial class TcpMessageChannel
{
    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Ignored a one-way message of {Bytes} bytes from {Remote}: the runtime channel handles requests only")]
    private partial void LogOneWayIgnored(RemoteEndpointInfo remote, int bytes);
}
