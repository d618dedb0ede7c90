using OrleansSync.Grains.Queues;

namespace OrleansSync.Silo.Api;

/// <summary>
/// One queue in <c>GET /cluster/queues</c>: its partitions with their stats, and the stats summed
/// over the partitions that answered (<see cref="Complete"/> when all did).
/// </summary>
internal sealed record ListedQueueState(string Name, int PartitionCount, bool Complete, QueueStats Totals, IReadOnlyList<QueuePartitionState> Partitions)
{
    /// <summary>Messages the queue holds now: visible, in flight, delayed and dead-lettered.</summary>
    public long Messages => Totals.Visible + Totals.InFlight + Totals.Delayed + Totals.DeadLettered;
}
