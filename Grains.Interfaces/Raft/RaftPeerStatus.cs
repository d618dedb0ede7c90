using OrleansSync.Runtime.Serialization;

namespace OrleansSync.Grains.Interfaces.Raft;

/// <summary>What a Raft peer reports about itself (status pages, health, tests).</summary>
[GenerateSerializer]
public sealed record RaftPeerStatus(
    [property: Id(0)] int Group,
    [property: Id(1)] int Replica,
    [property: Id(2)] string Role,
    [property: Id(3)] ulong Term,
    [property: Id(4)] int LeaderReplica,
    [property: Id(5)] ulong CommitIndex,
    [property: Id(6)] ulong AppliedIndex,
    [property: Id(7)] string Silo);
