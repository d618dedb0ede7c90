using OrleansSync.Grains.Queues;

namespace OrleansSync.Silo.Api;

/// <summary>One partition of a listed queue: the group hosting it and its stats (null when that group did not answer).</summary>
internal sealed record QueuePartitionState(int Partition, int Group, QueueStats? Stats);
