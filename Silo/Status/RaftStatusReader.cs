using OrleansSync.Grains.Cluster;
using OrleansSync.Grains.Interfaces.Raft;
using OrleansSync.Silo.Hosting;

namespace OrleansSync.Silo.Status;

/// <summary>
/// Reads every replica's <see cref="RaftPeerStatus"/> through <see cref="IRaftPeerGrain.GetStatus"/>
/// of every group's current members (<see cref="RaftGroupReader"/>), all groups at once, each bounded by the status timeout. The one place
/// that knows how to ask the Raft groups how they are (status page, health, metrics, start-up).
/// Reading a replica activates it, so the first read also makes the groups elect leaders.
/// </summary>
internal sealed class RaftStatusReader(IGrainFactory grains, SiloHostOptions options)
{
    public int Groups => options.Groups;

    /// <summary>One reading per current member of every group; a replica that fails or does not answer in time carries the error.</summary>
    public async Task<IReadOnlyList<RaftReplicaReading>> ReadAsync(CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromMilliseconds(options.StatusTimeoutMs);
        var groups = await Task.WhenAll(Enumerable.Range(0, options.Groups)
            .Select(group => RaftGroupReader.ReadGroupAsync(grains, group, options.Replicas, timeout, gate: null, cancellationToken)));
        return [.. groups.SelectMany(readings => readings)];
    }

    /// <summary>Reads the status and summarizes it per group.</summary>
    public async Task<IReadOnlyList<RaftGroupSummary>> ReadGroupsAsync(CancellationToken cancellationToken) =>
        RaftGroupSummary.Summarize(await ReadAsync(cancellationToken), options.Groups);
}
