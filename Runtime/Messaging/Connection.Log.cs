using Microsoft.Extensions.Logging;

namespace OrleansSync.Runtime.Messaging;

internal sealed partial class Connection
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Connection {ConnectionId} to {Remote} closed: {Reason}")]
    private partial void LogClosed(long connectionId, RemoteEndpointInfo remote, string reason);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Closing connection {ConnectionId} to {Remote} because of a malformed frame: {Reason}")]
    private partial void LogMalformedFrame(long connectionId, RemoteEndpointInfo remote, string reason);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Error, Message = "Read loop of connection {ConnectionId} to {Remote} failed unexpectedly")]
    private partial void LogReadLoopFailed(long connectionId, RemoteEndpointInfo remote, Exception error);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Debug, Message = "Connection {ConnectionId} to {Remote}: answer to correlation id {CorrelationId} arrived after its caller gave up")]
    private partial void LogLateAnswer(long connectionId, RemoteEndpointInfo remote, long correlationId);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Warning, Message = "Connection {ConnectionId} to {Remote}: handler of request {CorrelationId} failed; answering with an error response")]
    private partial void LogHandlerFailed(long connectionId, RemoteEndpointInfo remote, long correlationId, Exception error);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Error, Message = "Connection {ConnectionId} to {Remote}: inbound {Kind} frame failed")]
    private partial void LogInboundFailed(long connectionId, RemoteEndpointInfo remote, FrameKind kind, Exception error);

    [LoggerMessage(EventId = 1107, Level = LogLevel.Debug, Message = "Connection {ConnectionId} to {Remote}: inbound {Kind} frame dropped because the connection closed ({Reason})")]
    private partial void LogInboundDroppedOnClose(long connectionId, RemoteEndpointInfo remote, FrameKind kind, string reason);
}
