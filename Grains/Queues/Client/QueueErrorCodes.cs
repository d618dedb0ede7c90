namespace OrleansSync.Grains.Queues.Client;

/// <summary>The stable text of each <see cref="QueueErrorCode"/>, as HTTP problem details and the console print it.</summary>
public static class QueueErrorCodes
{
    public static string ToWireCode(QueueErrorCode code) => code switch
    {
        QueueErrorCode.QueueNotFound => "queue-not-found",
        QueueErrorCode.QueueAlreadyExists => "queue-already-exists",
        QueueErrorCode.MessageTooLarge => "message-too-large",
        QueueErrorCode.BatchTooLarge => "batch-too-large",
        QueueErrorCode.QueueFull => "queue-full",
        QueueErrorCode.ReceiptStale => "receipt-stale",
        QueueErrorCode.InvalidArgument => "invalid-argument",
        QueueErrorCode.CapacityExceeded => "capacity-exceeded",
        _ => "queue-error",
    };
}
