namespace OrleansSync.Grains.Queues;

/// <summary>One stored message of a <see cref="QueuePartition"/> (main queue or dead letters); mutable, owned by its partition.</summary>
internal sealed class QueueMessage
{
    public required ulong Id { get; init; }

    public required byte[] Body { get; init; }

    /// <summary>Sorted by key (ordinal), keys unique.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Attributes { get; init; }

    /// <summary>Table time of the send that enqueued it; retention counts from here, also in the dead letters.</summary>
    public required long SentAtMs { get; init; }

    /// <summary>Deliveries so far (reset by a redrive).</summary>
    public uint DeliveryCount { get; set; }

    public QueueMessageState State { get; set; }

    /// <summary>For <see cref="QueueMessageState.Delayed"/> and <see cref="QueueMessageState.InFlight"/>: when it becomes visible (table time, ms); otherwise 0.</summary>
    public long VisibleAtMs { get; set; }

    /// <summary>The log index of the receive that made the current delivery; 0 when not in flight.</summary>
    public ulong ReceiveIndex { get; set; }
}
