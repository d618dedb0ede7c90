
namespace OrleansSync.Grains.Interfaces.Cluster;

/// <summary>
/// What a client needs to know about the cluster without configuring it: the silos, the Raft
/// layout (so that lock names map to the same groups as on the silos) and the groups' health.
/// Stateless: any key works, and any silo answers from its own view; clients use
/// <see cref="DefaultKey"/> unless they want to spread the calls.
/// </summary>
public interface IClusterInfoGrain : IGrainWithStringKey
{
    /// <summary>The key clients use by default.</summary>
    public const string DefaultKey = "cluster";

    /// <summary>Longest wait for one replica's status that <see cref="GetStatus"/> accepts.</summary>
    public const int MaxReplicaTimeoutMs = 30_000;

    /// <summary>Group and replica counts of the Raft peers the silos host (zero groups when they host none).</summary>
    Task<RaftLayout> GetRaftLayout();

    /// <summary>
    /// Silos as the answering silo's membership sees them, the Raft layout, and every group's
    /// status from its replicas; a replica that does not answer within
    /// <paramref name="replicaTimeoutMs"/> (1 to <see cref="MaxReplicaTimeoutMs"/>) is reported unreachable.
    /// </summary>
    Task<ClusterStatus> GetStatus(int replicaTimeoutMs);
}
