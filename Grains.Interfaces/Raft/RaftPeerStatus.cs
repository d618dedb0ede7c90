
namespace OrleansSync.Grains.Interfaces.Raft;

/// <summary>What a Raft peer reports about itself (status pages, health, tests).</summary>
/// <remarks><see cref="Role"/> is a Raft role, or <c>Removed</c> for a replica that was replaced and stays inert.
/// <see cref="Voters"/> and <see cref="Learners"/> are replica ids of the configuration the peer knows
/// (for a removed peer: the voters of the configuration that removed it).</remarks>
[GenerateSerializer]
public sealed record RaftPeerStatus(
    [property: Id(0)] int Group,
    [property: Id(1)] int Replica,
    [property: Id(2)] string Role,
    [property: Id(3)] ulong Term,
    [property: Id(4)] int LeaderReplica,
    [property: Id(5)] ulong CommitIndex,
    [property: Id(6)] ulong AppliedIndex,
    [property: Id(7)] string Silo,
    [property: Id(8)] int[] Voters,
    [property: Id(9)] int[] Learners);
