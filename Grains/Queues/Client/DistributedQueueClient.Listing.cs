namespace OrleansSync.Grains.Queues.Client;

/// <summary>Read-only inspection for dashboards: what one group holds, and where a partition lives.</summary>
public sealed partial class DistributedQueueClient
{
    /// <summary>The Raft groups queue partitions are placed on.</summary>
    public int GroupCount => _options.GroupCount;

    /// <summary>The group hosting partition <paramref name="partition"/> of <paramref name="queue"/>.</summary>
    public int GroupOf(string queue, int partition) => _map.GroupOf(queue, partition);

    /// <summary>
    /// Every queue group <paramref name="group"/> knows, with the stats of the partitions used in
    /// it (a linearizable read, one call): a dashboard lists the cluster's queues with one read per
    /// group instead of one per partition. A queue is known in every group hosting one of its partitions.
    /// </summary>
    public async Task<QueueGroupListing> ListGroupAsync(int group, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(group);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(group, _channels.Length);
        return QueueWireCodec.DecodeListing(await ReadAsync(group, QueueWireCodec.EncodeListingQuery(), cancellationToken));
    }
}
