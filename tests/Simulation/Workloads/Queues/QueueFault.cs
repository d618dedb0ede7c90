namespace OrleansSync.Simulation.Workloads.Queues;

/// <summary>A deliberate queue bug, planted in the simulator's wrapper around the production queue state machine (teeth).</summary>
internal enum QueueFault
{
    /// <summary>The honest queue table.</summary>
    None = 0,

    /// <summary>An ack with a stale receipt deletes the message anyway, if it is in flight under a newer delivery.</summary>
    StaleReceiptDeletes = 1,

    /// <summary>Sends lose their dedup ids, so a repeat within the window enqueues twice.</summary>
    DedupIgnored = 2,

    /// <summary>A nack deletes the message (it is applied as an ack) while answering success: the message is lost.</summary>
    NackDeletes = 3,

    /// <summary>Each replica runs deadlines on its own skewed clock instead of the committed time.</summary>
    LocalClock = 4,
}
