namespace OrleansSync.Silo.Api;

/// <summary>What ack, nack, extend, redrive and purge answer: the operation, how many messages it affected, and for extend the new visibility end (group time, ms).</summary>
internal sealed record QueueOperationResult(string Queue, string Operation, long Count, long? VisibleUntilMs = null);
