using System.Net;
using Microsoft.Extensions.Logging;
using OrleansSync.Runtime.Transport;

namespace OrleansSync.Runtime.Messaging;

public sealed partial class MessageTransport
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Listening on {BoundEndpoint} as silo {Silo}")]
    private partial void LogListening(IPEndPoint boundEndpoint, SiloAddress silo);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Information, Message = "Listening on {BoundEndpoint} for gateway clients")]
    private partial void LogListeningAsGateway(IPEndPoint boundEndpoint);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Rejected inbound connection from {RemoteEndPoint}: {Reason}")]
    private partial void LogInboundRejected(EndPoint? remoteEndPoint, string reason);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Error, Message = "Inbound connection from {RemoteEndPoint} failed unexpectedly")]
    private partial void LogInboundFailed(EndPoint? remoteEndPoint, Exception error);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Handshake with {Target} failed: {Reason}")]
    private partial void LogOutboundHandshakeFailed(string target, string reason);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "Connect attempt {Attempt}/{MaxAttempts} to {Target} failed ({Reason}); retrying in {DelayMs} ms")]
    private partial void LogConnectRetry(string target, int attempt, int maxAttempts, long delayMs, string reason);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Information, Message = "Connection {ConnectionId} to {Remote} established ({Direction})")]
    private partial void LogConnectionEstablished(long connectionId, RemoteEndpointInfo remote, string direction);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Information, Message = "Closing connection {ConnectionId} to {Remote}: blocked by the connection filter")]
    private partial void LogBlocked(long connectionId, RemoteEndpointInfo remote);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Warning, Message = "Accepting a connection failed: {Reason}")]
    private partial void LogAcceptFailed(string reason);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Debug, Message = "Ping of {Target} failed: {Reason}")]
    private partial void LogPingFailed(SiloAddress target, string reason);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "Ping of {Target} reached {Remote} instead: another generation listens there")]
    private partial void LogPingGenerationMismatch(SiloAddress target, RemoteEndpointInfo remote);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Warning, Message = "Could not connect to {Target} after {Attempts} attempts: {Reason}")]
    private partial void LogConnectFailed(string target, int attempts, string reason);
}
