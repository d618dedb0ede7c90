using System.Text.Json;
using OrleansSync.Grains.Queues;

namespace OrleansSync.Silo.Api;

/// <summary>The body of <c>PUT /queues/{name}</c>; every member is optional and defaults as in <see cref="QueueOptions"/>.</summary>
internal sealed record CreateQueueRequest(
    long? Partitions, long? VisibilityTimeoutMs, long? MaxDeliveries, string? DeadLetterQueue, long? RetentionMs, long? MaxMessageBytes, long? DedupWindowMs)
{
    public static readonly IReadOnlyCollection<string> Members =
        ["partitions", "visibilityTimeoutMs", "maxDeliveries", "deadLetterQueue", "retentionMs", "maxMessageBytes", "dedupWindowMs"];

    /// <summary>The options the body states (range checks are <see cref="QueueOptions.Validate"/>'s); null with the reason for a wrong type.</summary>
    public static QueueOptions? From(JsonElement body, out string? error)
    {
        if (!QueueRequestReader.TryGetInt64(body, "partitions", out var partitions, out error)
            || !QueueRequestReader.TryGetInt64(body, "visibilityTimeoutMs", out var visibility, out error)
            || !QueueRequestReader.TryGetInt64(body, "maxDeliveries", out var maxDeliveries, out error)
            || !QueueRequestReader.TryGetString(body, "deadLetterQueue", out var deadLetterQueue, out error)
            || !QueueRequestReader.TryGetInt64(body, "retentionMs", out var retention, out error)
            || !QueueRequestReader.TryGetInt64(body, "maxMessageBytes", out var maxMessageBytes, out error)
            || !QueueRequestReader.TryGetInt64(body, "dedupWindowMs", out var dedupWindow, out error))
        {
            return null;
        }

        var defaults = new QueueOptions();
        return new QueueOptions
        {
            Partitions = Narrow(partitions, defaults.Partitions),
            VisibilityTimeoutMs = visibility ?? defaults.VisibilityTimeoutMs,
            MaxDeliveries = Narrow(maxDeliveries, defaults.MaxDeliveries),
            DeadLetterQueue = deadLetterQueue,
            RetentionMs = retention ?? defaults.RetentionMs,
            MaxMessageBytes = Narrow(maxMessageBytes, defaults.MaxMessageBytes),
            DedupWindowMs = dedupWindow ?? defaults.DedupWindowMs,
        };
    }

    /// <summary>Out-of-int values become -1, which validation refuses with the member's range.</summary>
    private static int Narrow(long? value, int fallback) => value is null ? fallback : value is >= int.MinValue and <= int.MaxValue ? (int)value : -1;
}
