namespace OrleansSync.Grains.Queues;

/// <summary>Deletes the delivered message, if <paramref name="Receipt"/> names its current delivery; otherwise <see cref="QueueErrorCode.ReceiptStale"/> and nothing is deleted.</summary>
public sealed record AckCommand(string Queue, QueueReceipt Receipt) : QueueCommand;
