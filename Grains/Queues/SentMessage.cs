namespace OrleansSync.Grains.Queues;

/// <summary>The id a sent message got; <paramref name="Duplicate"/> when its dedup id repeated one within the window (nothing was enqueued).</summary>
public readonly record struct SentMessage(ulong MessageId, int Partition, bool Duplicate);
