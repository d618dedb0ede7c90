namespace OrleansSync.Grains.Queues;

/// <summary>What applying one command produced: its own outcome and the long-poll waits it ended (<see cref="Events"/>).</summary>
public sealed record QueueResult
{
    public required QueueResultStatus Status { get; init; }

    public QueueErrorCode Error { get; init; }

    /// <summary>A human-readable detail for errors.</summary>
    public string? Detail { get; init; }

    /// <summary>For a send: one entry per message, in order.</summary>
    public IReadOnlyList<SentMessage> Sent { get; init; } = [];

    /// <summary>For a receive: the delivered messages, oldest first.</summary>
    public IReadOnlyList<DeliveredMessage> Messages { get; init; } = [];

    /// <summary>For a waiting receive: its wait id (the receive's log index).</summary>
    public ulong WaitId { get; init; }

    /// <summary>Purge and redrive: messages affected. Create: 1 if created now, 0 if it existed with the same options.</summary>
    public long Count { get; init; }

    /// <summary>For an extend: when the message becomes visible again (table time, ms).</summary>
    public long VisibleUntilMs { get; init; }

    /// <summary>For a batch ack: one code per receipt, in order: <see cref="QueueErrorCode.None"/> (acked) or <see cref="QueueErrorCode.ReceiptStale"/>.</summary>
    public IReadOnlyList<QueueErrorCode> Outcomes { get; init; } = [];

    /// <summary>Waits this command ended, in order (not part of the encoded result).</summary>
    public IReadOnlyList<QueueWaitEvent> Events { get; init; } = [];

    public static QueueResult Ok() => new() { Status = QueueResultStatus.Ok };

    internal static QueueResult Fail(QueueErrorCode error, string detail) =>
        new() { Status = QueueResultStatus.Failed, Error = error, Detail = detail };
}
