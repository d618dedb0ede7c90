namespace OrleansSync.Grains.Queues;

/// <summary>
/// Gives the delivered message back: visible again after <paramref name="DelayMs"/> (0: at once), or
/// dead-lettered if it has used up its deliveries. Needs the current receipt, like ack.
/// </summary>
public sealed record NackCommand(string Queue, QueueReceipt Receipt, long DelayMs) : QueueCommand;
