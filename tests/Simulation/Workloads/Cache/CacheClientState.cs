using OrleansSync.TestSupport.Linearizability.Models.Cache;

namespace OrleansSync.Simulation.Workloads.Cache;

/// <summary>One simulated application thread on a silo: at most one cache operation at a time.</summary>
internal sealed class CacheClientState(int clientId)
{
    public int ClientId { get; } = clientId;

    /// <summary>The history handle of the operation in progress, or -1.</summary>
    public int Handle { get; set; } = -1;

    public CacheInput? Input { get; set; }

    public bool IsBusy => Handle >= 0;

    /// <summary>The last version this client saw per key (what its compare-and-sets expect).</summary>
    public Dictionary<string, ulong> SeenVersions { get; } = new(StringComparer.Ordinal);
}
