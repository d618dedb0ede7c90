using OrleansSync.Grains.Queues;

namespace OrleansSync.Silo.Api;

/// <summary>A queue's replicated options and, for <c>GET</c>, its stats summed over the partitions.</summary>
internal sealed record QueueDescription(string Name, QueueOptionsState Options, QueueStats? Stats);
