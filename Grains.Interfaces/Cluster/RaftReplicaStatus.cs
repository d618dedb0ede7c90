
namespace OrleansSync.Grains.Interfaces.Cluster;

/// <summary>One replica of a group as it reported itself, or why it did not.</summary>
/// <param name="Replica">Replica index within the group.</param>
/// <param name="Reachable">False when the replica did not answer in time; then only <paramref name="Error"/> is meaningful.</param>
/// <param name="Role">Leader, Follower, Candidate, PreCandidate or Learner.</param>
/// <param name="Term">The replica's current term.</param>
/// <param name="LeaderReplica">The leader as this replica knows it, or -1.</param>
/// <param name="CommitIndex">Highest log index known committed.</param>
/// <param name="AppliedIndex">Highest log index applied to the state machine here.</param>
/// <param name="Silo">The silo hosting the replica.</param>
/// <param name="Error">Why the replica is unreachable ("TimeoutException: ..."), or null.</param>
[GenerateSerializer]
public sealed record RaftReplicaStatus(
    [property: Id(0)] int Replica,
    [property: Id(1)] bool Reachable,
    [property: Id(2)] string Role,
    [property: Id(3)] ulong Term,
    [property: Id(4)] int LeaderReplica,
    [property: Id(5)] ulong CommitIndex,
    [property: Id(6)] ulong AppliedIndex,
    [property: Id(7)] string Silo,
    [property: Id(8)] string? Error);
