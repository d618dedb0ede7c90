namespace OrleansSync.Grains.Queues;

/// <summary>Why a long-poll wait ended (the payload of its notification).</summary>
public enum QueueWaitEndReason : byte
{
    /// <summary>A message became visible in the partition: receive again.</summary>
    MessagesAvailable = 1,

    /// <summary>The wait reached its deadline in committed time with nothing visible.</summary>
    TimedOut = 2,

    /// <summary>The queue was deleted.</summary>
    QueueDeleted = 3,
}
