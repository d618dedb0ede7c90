namespace OrleansSync.Grains.Queues.Client;

/// <summary>What the handler-driven consumer did with one delivery.</summary>
public enum QueueHandlingOutcome
{
    /// <summary>The handler succeeded and the ack committed: the message is gone.</summary>
    Acked,

    /// <summary>The handler failed; the message was given back with a backoff delay (or dead-lettered when its deliveries were used up).</summary>
    Nacked,

    /// <summary>
    /// The consumer could not settle the delivery: it ended first (a heartbeat or the ack came too
    /// late, so the receipt went stale), or the ack or nack got no answer in time. The message is
    /// visible again or redelivered elsewhere, unless an unanswered ack went through.
    /// </summary>
    Lost,
}
