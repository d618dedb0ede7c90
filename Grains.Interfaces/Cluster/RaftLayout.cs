
namespace OrleansSync.Grains.Interfaces.Cluster;

/// <summary>How the silos host Raft: <see cref="GroupCount"/> groups of <see cref="ReplicaCount"/> replicas each.</summary>
[GenerateSerializer]
public sealed record RaftLayout(
    [property: Id(0)] int GroupCount,
    [property: Id(1)] int ReplicaCount);
