using OrleansSync.Grains.Interfaces.Raft;
using OrleansSync.Runtime;
using OrleansSync.Silo.Hosting;

namespace OrleansSync.Silo.Status;

/// <summary>
/// Reads every replica's <see cref="RaftPeerStatus"/> through <see cref="IRaftPeerGrain.GetStatus"/>
/// on keys <c>{group}/{replica}</c>, all at once, each bounded by the status timeout. The one place
/// that knows how to ask the Raft groups how they are (status page, health, metrics, start-up).
/// Reading a replica activates it, so the first read also makes the groups elect leaders.
/// </summary>
internal sealed class RaftStatusReader(IGrainFactory grains, SiloHostOptions options)
{
    public int Groups => options.Groups;

    /// <summary>One reading per replica; a replica that fails or does not answer in time carries the error.</summary>
    public async Task<IReadOnlyList<RaftReplicaReading>> ReadAsync(CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromMilliseconds(options.StatusTimeoutMs);
        var reads = Enumerable.Range(0, options.Groups)
            .SelectMany(group => Enumerable.Range(0, options.Replicas).Select(replica => ReadOneAsync(group, replica, timeout, cancellationToken)));
        return await Task.WhenAll(reads);
    }

    /// <summary>Reads the status and summarizes it per group.</summary>
    public async Task<IReadOnlyList<RaftGroupSummary>> ReadGroupsAsync(CancellationToken cancellationToken) =>
        RaftGroupSummary.Summarize(await ReadAsync(cancellationToken), options.Groups);

    private async Task<RaftReplicaReading> ReadOneAsync(int group, int replica, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            var status = await grains.GetGrain<IRaftPeerGrain>($"{group}/{replica}").GetStatus().WaitAsync(timeout, cancellationToken);
            return new RaftReplicaReading(group, replica, status, null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Shown in the reading (status page, health detail): an unreachable replica is a fact to report, not a failure of the read.
            return new RaftReplicaReading(group, replica, null, $"{exception.GetType().Name}: {exception.Message}");
        }
    }
}
