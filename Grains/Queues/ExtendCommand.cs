namespace OrleansSync.Grains.Queues;

/// <summary>Keeps the delivered message hidden for <paramref name="VisibilityTimeoutMs"/> from now (a consumer's heartbeat). Needs the current receipt.</summary>
public sealed record ExtendCommand(string Queue, QueueReceipt Receipt, long VisibilityTimeoutMs) : QueueCommand;
