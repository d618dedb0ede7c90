namespace OrleansSync.Grains.Queues;

/// <summary>
/// Acks up to <see cref="QueueTable.MaxBatchMessages"/> deliveries of one partition in one log entry
/// (one commit instead of one per receipt). Each receipt is judged on its own, exactly as an
/// <see cref="AckCommand"/> would be: its message is deleted if it names the current delivery,
/// otherwise that receipt is <see cref="QueueErrorCode.ReceiptStale"/> and nothing is deleted for it.
/// The answer's <see cref="QueueResult.Outcomes"/> holds one code per receipt, in order.
/// </summary>
public sealed record AckBatchCommand(string Queue, int Partition, IReadOnlyList<QueueReceipt> Receipts) : QueueCommand;
