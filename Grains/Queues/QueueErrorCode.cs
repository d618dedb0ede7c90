namespace OrleansSync.Grains.Queues;

/// <summary>Why a queue command was refused. Stable: hosts map these to wire codes (<c>queue-not-found</c>, <c>receipt-stale</c>, ...).</summary>
public enum QueueErrorCode : byte
{
    None = 0,

    /// <summary>No queue of that name exists in this group.</summary>
    QueueNotFound = 1,

    /// <summary>A queue of that name exists with different options (creating it again with the same options is fine).</summary>
    QueueAlreadyExists = 2,

    /// <summary>A message's body plus attributes exceed the queue's <see cref="QueueOptions.MaxMessageBytes"/>.</summary>
    MessageTooLarge = 3,

    /// <summary>More than <see cref="QueueTable.MaxBatchMessages"/> messages (or <see cref="QueueTable.MaxBatchBytes"/> bytes) in one send.</summary>
    BatchTooLarge = 4,

    /// <summary>The partition already holds its bound of messages (<see cref="QueueTableOptions.MaxMessagesPerPartition"/>).</summary>
    QueueFull = 5,

    /// <summary>The receipt names a delivery that is over: the message was redelivered, acked, dead-lettered or purged.</summary>
    ReceiptStale = 6,

    /// <summary>A malformed command or an argument out of its documented range.</summary>
    InvalidArgument = 7,

    /// <summary>The group holds its bound of queues or partitions (<see cref="QueueTableOptions"/>).</summary>
    CapacityExceeded = 8,
}
