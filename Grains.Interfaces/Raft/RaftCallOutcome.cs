
namespace OrleansSync.Grains.Interfaces.Raft;

/// <summary>The answer of a Raft peer to a proposal or a linearizable read.</summary>
/// <param name="Status">How the call ended.</param>
/// <param name="Result">The state machine's answer when <see cref="RaftCallStatus.Ok"/>.</param>
/// <param name="LeaderReplica">Replica index of the leader as this peer knows it, or -1.</param>
/// <param name="Detail">Why, when not <see cref="RaftCallStatus.Ok"/>.</param>
/// <param name="Replicas">The group's voting replica ids as this peer knows them (replicas are replaced
/// under new ids when a silo dies), or null if it does not know; callers rotate over these.</param>
[GenerateSerializer]
public sealed record RaftCallOutcome(
    [property: Id(0)] RaftCallStatus Status,
    [property: Id(1)] byte[]? Result,
    [property: Id(2)] int LeaderReplica,
    [property: Id(3)] string? Detail,
    [property: Id(4)] int[]? Replicas = null);
