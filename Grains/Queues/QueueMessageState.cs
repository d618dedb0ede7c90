namespace OrleansSync.Grains.Queues;

/// <summary>Where a message of a partition's main queue is.</summary>
public enum QueueMessageState : byte
{
    /// <summary>Receivable now.</summary>
    Visible = 1,

    /// <summary>Sent or nacked with a delay that has not passed yet.</summary>
    Delayed = 2,

    /// <summary>Delivered and hidden until its visibility timeout passes (or it is acked, nacked or extended).</summary>
    InFlight = 3,
}
