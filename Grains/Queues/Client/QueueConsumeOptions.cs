namespace OrleansSync.Grains.Queues.Client;

/// <summary>
/// How <see cref="DistributedQueueClient.ConsumeAsync(string, QueueConsumeOptions?, CancellationToken)"/> and the
/// handler-driven consumer receive (per receive: how many, for how long hidden, how long to wait), and how the
/// handler-driven one heartbeats and backs off.
/// </summary>
public sealed record QueueConsumeOptions
{
    /// <summary>What <see cref="HeartbeatFraction"/> is unless set: three heartbeats per visibility timeout, so one late or failed beat still leaves time.</summary>
    public const double DefaultHeartbeatFraction = 1.0 / 3;

    /// <summary>Messages per receive, 1 to <see cref="QueueTable.MaxReceiveMessages"/>; also the most the consumer holds undelivered.</summary>
    public int MaxMessages { get; init; } = QueueTable.MaxReceiveMessages;

    /// <summary>How long a received message stays hidden; null: the queue's own. The handler-driven consumer also extends by this much.</summary>
    public TimeSpan? VisibilityTimeout { get; init; }

    /// <summary>Long-poll length of each receive, up to 20 s.</summary>
    public TimeSpan Wait { get; init; } = TimeSpan.FromMilliseconds(QueueTable.MaxWaitMs);

    /// <summary>Handler-driven consumer: the heartbeat period as a fraction of the visibility timeout (above 0, below 1).</summary>
    public double HeartbeatFraction { get; init; } = DefaultHeartbeatFraction;

    /// <summary>Handler-driven consumer: the nack delay after a first delivery failed; it doubles with each further delivery.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Handler-driven consumer: the longest nack delay, however often the message failed.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Throws <see cref="QueueException"/> (<see cref="QueueErrorCode.InvalidArgument"/>) for options out of range.</summary>
    internal void Validate()
    {
        var problem = MaxMessages is < 1 or > QueueTable.MaxReceiveMessages ? $"a receive takes 1 to {QueueTable.MaxReceiveMessages} messages, not {MaxMessages}"
            : HeartbeatFraction is not (> 0 and < 1) ? $"the heartbeat fraction must be above 0 and below 1, not {HeartbeatFraction}"
            : RetryBaseDelay < TimeSpan.Zero || RetryMaxDelay < RetryBaseDelay ? $"retry delays must satisfy 0 <= base ({RetryBaseDelay}) <= max ({RetryMaxDelay})"
            : null;
        if (problem is not null)
        {
            throw new QueueException(QueueErrorCode.InvalidArgument, $"Consumer options: {problem}.");
        }
    }
}
