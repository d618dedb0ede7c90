namespace OrleansSync.Grains.Queues.Client;

/// <summary>
/// One message for <see cref="DistributedQueueClient.SendAsync(string, MessageToSend, CancellationToken)"/>:
/// the body, and optionally a partition key (messages with one key keep their order), a delay
/// before it becomes visible, attributes, and a dedup id (a repeat within the queue's window
/// returns the first message's id and enqueues nothing).
/// </summary>
public sealed record MessageToSend(byte[] Body)
{
    public string? PartitionKey { get; init; }

    public TimeSpan Delay { get; init; } = TimeSpan.Zero;

    public IReadOnlyList<KeyValuePair<string, string>> Attributes { get; init; } = [];

    public string? DedupId { get; init; }
}
