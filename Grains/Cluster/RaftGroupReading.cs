namespace OrleansSync.Grains.Cluster;

/// <summary>
/// One read of a Raft group: the configuration the reader found current, and the status of each of
/// its members (or why a member could not be read).
/// </summary>
/// <param name="Group">Group index.</param>
/// <param name="Voters">Voter replica ids of the current configuration, ascending; the last known ones when no member answered.</param>
/// <param name="Learners">Learner replica ids of that configuration (a replacement catching up), ascending.</param>
/// <param name="Replicas">One reading per voter and learner, in replica order.</param>
public sealed record RaftGroupReading(int Group, IReadOnlyList<int> Voters, IReadOnlyList<int> Learners, IReadOnlyList<RaftReplicaReading> Replicas);
