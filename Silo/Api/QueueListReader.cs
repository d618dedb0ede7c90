using OrleansSync.Grains.Queues;
using OrleansSync.Grains.Queues.Client;
using OrleansSync.Silo.Hosting;

namespace OrleansSync.Silo.Api;

/// <summary>
/// Lists the cluster's queues with per-partition stats in one read per group
/// (<see cref="DistributedQueueClient.ListGroupAsync"/>), every group at once and each within
/// <see cref="ClusterReadApi.ReadTimeout"/>. A partition's stats come from the group that hosts it;
/// a partition that group has not used yet is empty. Used by <c>GET /cluster/queues</c> and by the
/// pages' history.
/// </summary>
internal sealed class QueueListReader(DistributedQueueClient client, SiloHostOptions options)
{
    public const int DefaultListLimit = 100;

    /// <summary>A group knows at most this many queues (<see cref="QueueTableOptions.DefaultMaxQueues"/>), so no listing needs more.</summary>
    public const int MaxListLimit = QueueTableOptions.DefaultMaxQueues;

    public async Task<QueueListState> ReadAsync(string contains, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contains);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var reads = await Task.WhenAll(Enumerable.Range(0, client.GroupCount).Select(group =>
            ClusterReadApi.ReadGroupAsync(group, options, token => client.ListGroupAsync(group, token), cancellationToken)));
        var groups = reads.Select((read, group) => new QueueGroupState(group, read.Value?.Queues.Count, read.Error)).ToList();

        // A queue is known in every group hosting one of its partitions; each partition's stats are its own group's.
        var partitionCounts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var used = new Dictionary<(string Queue, int Partition), QueueStats>();
        foreach (var (listing, group) in reads.Select((read, group) => (read.Value, group)))
        {
            foreach (var queue in listing?.Queues ?? [])
            {
                partitionCounts[queue.Name] = queue.Partitions;
                foreach (var partition in queue.UsedPartitions.Where(p => client.GroupOf(queue.Name, p.Partition) == group))
                {
                    used[(queue.Name, partition.Partition)] = partition.Stats;
                }
            }
        }

        var queues = partitionCounts.Select(q => Describe(q.Key, q.Value, reads, used)).ToList();
        var listed = queues.Where(q => q.Name.Contains(contains, StringComparison.Ordinal)).ToList();
        return new QueueListState(
            contains,
            queues.Count,
            queues.Sum(q => q.Messages),
            queues.Sum(q => q.Totals.SentTotal),
            queues.Sum(q => q.Totals.AckedTotal),
            listed.Count > limit,
            groups,
            [.. listed.Take(limit)]);
    }

    private ListedQueueState Describe(
        string name, int partitionCount, (QueueGroupListing? Value, string? Error)[] reads, Dictionary<(string Queue, int Partition), QueueStats> used)
    {
        var partitions = Enumerable.Range(0, partitionCount).Select(p =>
        {
            var group = client.GroupOf(name, p);
            var stats = reads[group].Value is { } listing
                ? used.GetValueOrDefault((name, p)) ?? QueueStats.Empty(listing.NowMs)
                : null;
            return new QueuePartitionState(p, group, stats);
        }).ToList();
        var answered = partitions.Where(p => p.Stats is not null).Select(p => p.Stats!).ToList();
        return new ListedQueueState(name, partitionCount, answered.Count == partitionCount, QueueStats.Sum(answered), partitions);
    }
}
