using Microsoft.Extensions.Logging;

namespace OrleansSync.Runtime.Redis;

internal sealed partial class RedisConnectionManager
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Redis {Role} connection to {Endpoint} open (database {Database})")]
    private static partial void LogConnected(ILogger logger, string role, string endpoint, int database);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Redis {Role} connection to {Endpoint} lost: {Reason}; reconnecting")]
    private static partial void LogDisconnected(ILogger logger, string role, string endpoint, string reason, Exception exception);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Redis {Role} reconnect to {Endpoint} failed (attempt {Attempt}, after {DelayMs} ms): {Reason}")]
    private static partial void LogReconnectFailed(ILogger logger, string role, string endpoint, int attempt, long delayMs, string reason);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Information, Message = "Redis {Role} connection to {Endpoint} re-established after {Attempts} attempt(s)")]
    private static partial void LogReconnected(ILogger logger, string role, string endpoint, int attempts);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Debug, Message = "Redis {Role} connection to {Endpoint} dropped an unsolicited {Kind} frame")]
    private static partial void LogPushDropped(ILogger logger, string role, string endpoint, RedisReplyKind kind);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Error, Message = "Redis {Role} connection maintenance for {Endpoint} stopped unexpectedly")]
    private static partial void LogMaintenanceFailed(ILogger logger, string role, string endpoint, Exception exception);
}
