
namespace OrleansSync.Grains.Interfaces.Cluster;

/// <summary>The cluster as one silo sees it now.</summary>
/// <param name="AnsweredBy">Name of the silo that compiled this status.</param>
/// <param name="Silos">Membership rows (all statuses; dead rows until the table cleans them up).</param>
/// <param name="Layout">The Raft layout of the answering silo.</param>
/// <param name="Groups">Every group's status, in group order.</param>
[GenerateSerializer]
public sealed record ClusterStatus(
    [property: Id(0)] string AnsweredBy,
    [property: Id(1)] IReadOnlyList<ClusterSilo> Silos,
    [property: Id(2)] RaftLayout Layout,
    [property: Id(3)] IReadOnlyList<RaftGroupStatus> Groups);
