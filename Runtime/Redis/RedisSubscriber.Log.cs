using Microsoft.Extensions.Logging;

namespace OrleansSync.Runtime.Redis;

public sealed partial class RedisSubscriber
{
    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Redis pub/sub on {Endpoint} resubscribed to {Channels} channel(s) and {Patterns} pattern(s)")]
    private static partial void LogResubscribed(ILogger logger, string endpoint, int channels, int patterns);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Error, Message = "Redis pub/sub handler for channel {Channel} failed")]
    private static partial void LogHandlerFailed(ILogger logger, string channel, Exception exception);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Debug, Message = "Redis pub/sub message for {Subscription} arrived after its handler was removed; dropped")]
    private static partial void LogNoHandler(ILogger logger, string subscription);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Warning, Message = "Redis pub/sub connection received an unexpected frame: {Frame}")]
    private static partial void LogUnexpectedPush(ILogger logger, string frame);

    [LoggerMessage(EventId = 5105, Level = LogLevel.Warning, Message = "Redis pub/sub command failed: {ServerMessage}")]
    private static partial void LogServerError(ILogger logger, string serverMessage);
}
