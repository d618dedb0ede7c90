using OrleansSync.Grains.Cluster;
using OrleansSync.Grains.Interfaces.Raft;
using OrleansSync.Silo.Hosting;

namespace OrleansSync.Silo.Status;

/// <summary>
/// Reads every group's current configuration and its members' <see cref="RaftPeerStatus"/> through
/// <see cref="IRaftPeerGrain.GetStatus"/> (<see cref="RaftGroupReader"/>), all groups at once, each
/// replica bounded by the status timeout. The one place that knows how to ask the Raft groups how
/// they are (status page, health, metrics, start-up). It remembers each group's members between
/// reads, so it keeps following a group whose founding replicas were all replaced.
/// Reading a replica activates it, so the first read also makes the groups elect leaders.
/// </summary>
internal sealed class RaftStatusReader(IGrainFactory grains, SiloHostOptions options)
{
    private readonly RaftMemberMemory _members = new();

    public int Groups => options.Groups;

    /// <summary>One reading per group: its current voters and learners, and each one's status or why it could not be read.</summary>
    public async Task<IReadOnlyList<RaftGroupReading>> ReadAsync(CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromMilliseconds(options.StatusTimeoutMs);
        var catalog = new RaftActivationCatalog(grains, timeout);
        return await Task.WhenAll(Enumerable.Range(0, options.Groups)
            .Select(group => RaftGroupReader.ReadGroupAsync(grains, group, options.Replicas, _members, catalog, timeout, gate: null, cancellationToken)));
    }

    /// <summary>Reads the status and summarizes it per group.</summary>
    public async Task<IReadOnlyList<RaftGroupSummary>> ReadGroupsAsync(CancellationToken cancellationToken) =>
        [.. (await ReadAsync(cancellationToken)).Select(RaftGroupSummary.Summarize)];
}
