namespace OrleansSync.Grains.Queues.Client;

/// <summary>How <see cref="DistributedQueueClient.ConsumeAsync"/> receives: per receive, how many, for how long hidden, how long to wait.</summary>
public sealed record QueueConsumeOptions
{
    /// <summary>Messages per receive, 1 to <see cref="QueueTable.MaxReceiveMessages"/>; also the most the consumer holds undelivered.</summary>
    public int MaxMessages { get; init; } = QueueTable.MaxReceiveMessages;

    /// <summary>How long a received message stays hidden; null: the queue's own.</summary>
    public TimeSpan? VisibilityTimeout { get; init; }

    /// <summary>Long-poll length of each receive, up to 20 s.</summary>
    public TimeSpan Wait { get; init; } = TimeSpan.FromMilliseconds(QueueTable.MaxWaitMs);
}
