using OrleansSync.Grains.Queues;

namespace OrleansSync.Silo.Api;

/// <summary>A queue's options as JSON (the dead-letter queue's name resolved).</summary>
internal sealed record QueueOptionsState(
    int Partitions, long VisibilityTimeoutMs, int MaxDeliveries, string? DeadLetterQueue, long RetentionMs, int MaxMessageBytes, long DedupWindowMs)
{
    public static QueueOptionsState From(QueueOptions options) => new(
        options.Partitions, options.VisibilityTimeoutMs, options.MaxDeliveries, options.DeadLetterQueue, options.RetentionMs, options.MaxMessageBytes, options.DedupWindowMs);
}
