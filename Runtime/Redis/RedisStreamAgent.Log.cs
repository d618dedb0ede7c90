using Microsoft.Extensions.Logging;

namespace OrleansSync.Runtime.Redis;

internal sealed partial class RedisStreamAgent
{
    [LoggerMessage(EventId = 5211, Level = LogLevel.Warning, Message = "Redis stream provider {Provider}: UNSUBSCRIBE {Channel} failed; the channel is no longer handled here and is not subscribed again after a reconnect")]
    private static partial void LogUnsubscribeFailed(ILogger logger, Exception exception, string provider, string channel);

    [LoggerMessage(EventId = 5212, Level = LogLevel.Error, Message = "Redis stream provider {Provider}: removing the subscriptions of deactivated grain {Grain} failed; they stay until the silo stops")]
    private static partial void LogForgetFailed(ILogger logger, Exception exception, string provider, string grain);
}
