using System.Globalization;
using OrleansSync.Grains.Interfaces.Raft;

namespace OrleansSync.Grains.Cluster;

/// <summary>
/// Which Raft replicas are activated anywhere in the cluster now, from Orleans' own catalog
/// (<c>IManagementGrain.GetDetailedGrainStatistics</c>), asked at most once per read of all
/// groups. A reader without memory (a silo that just restarted) may find every founding replica
/// inert without a hint (re-activated on a survivor without its log, ADR 0008): then nothing it
/// can ask names the members. The catalog does: every live replacement is an activation.
/// Asking it fans out to every silo, so a reader consults it only when the ids it knows lead to
/// no leader.
/// </summary>
public sealed class RaftActivationCatalog(IGrainFactory grains, TimeSpan timeout)
{
    private readonly Lazy<Task<ILookup<int, int>>> _replicas = new(() => ReadAsync(grains, timeout));

    /// <summary>Replica ids of <paramref name="group"/> activated on some silo; none when the catalog could not be read in time.</summary>
    public async Task<IReadOnlyList<int>> ReplicasOfAsync(int group, CancellationToken cancellationToken) =>
        [.. (await _replicas.Value.WaitAsync(cancellationToken))[group]];

    private static async Task<ILookup<int, int>> ReadAsync(IGrainFactory grains, TimeSpan timeout)
    {
        // Filtered here by grain type, not by the call's type-name filter, whose format Orleans has changed over versions.
        var raftPeer = grains.GetGrain<IRaftPeerGrain>("0/0").GetGrainId().Type;
        try
        {
            var activations = await grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics().WaitAsync(timeout);
            return activations
                .Where(a => a.GrainId.Type.Equals(raftPeer))
                .Select(a => ParseKey(a.GrainId.Key.ToString()))
                .OfType<(int Group, int Replica)>()
                .Distinct()
                .ToLookup(key => key.Group, key => key.Replica);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A hint source only: the reader reports what it could read without it.
            return Array.Empty<(int Group, int Replica)>().ToLookup(key => key.Group, key => key.Replica);
        }
    }

    /// <summary>"{group}/{replica}", or null for a key of another form (never expected; a hint is skipped, not fatal).</summary>
    private static (int Group, int Replica)? ParseKey(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash > 0
            && int.TryParse(key.AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out var group)
            && int.TryParse(key.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var replica)
            ? (group, replica)
            : null;
    }
}
