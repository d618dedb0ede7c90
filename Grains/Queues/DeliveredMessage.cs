namespace OrleansSync.Grains.Queues;

/// <summary>One message handed out by a receive, with the receipt of this delivery.</summary>
public sealed record DeliveredMessage(
    ulong MessageId,
    int Partition,
    byte[] Body,
    IReadOnlyList<KeyValuePair<string, string>> Attributes,
    uint DeliveryCount,
    QueueReceipt Receipt,
    long SentAtMs,
    long VisibleUntilMs);
