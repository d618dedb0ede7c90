using Microsoft.Extensions.Logging;

namespace OrleansSync.Runtime.Redis;

internal sealed partial class RedisStreamChannel
{
    [LoggerMessage(EventId = 5201, Level = LogLevel.Warning, Message = "Redis stream provider {Provider}: the queue of channel {Channel} is full ({Capacity} items); dropping items until the subscribers catch up")]
    private static partial void LogQueueFull(ILogger logger, string provider, string channel, int capacity);

    [LoggerMessage(EventId = 5202, Level = LogLevel.Warning, Message = "Redis stream provider {Provider}: an item of channel {Channel} waited more than {DeliveryTimeoutMs} ms for grain {Grain}; moving on (the turn stays queued)")]
    private static partial void LogDeliverySlow(ILogger logger, string provider, string channel, string grain, int deliveryTimeoutMs);

    [LoggerMessage(EventId = 5203, Level = LogLevel.Warning, Message = "Redis stream provider {Provider}: grain {Grain}'s mailbox is full; an item of channel {Channel} was dropped")]
    private static partial void LogMailboxFull(ILogger logger, string provider, string channel, string grain);

    [LoggerMessage(EventId = 5204, Level = LogLevel.Error, Message = "Redis stream provider {Provider}: the handler of grain {Grain} failed on an item of channel {Channel}")]
    private static partial void LogHandlerFailed(ILogger logger, Exception? exception, string provider, string channel, string grain);
}
