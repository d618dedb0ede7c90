using OrleansSync.Grains.Interfaces.Raft;

namespace OrleansSync.Grains.Cluster;

/// <summary>One replica's status, or why it could not be read (then <see cref="Status"/> is null).</summary>
public sealed record RaftReplicaReading(int Group, int Replica, RaftPeerStatus? Status, string? Error)
{
    public bool IsLeader => Status?.Role == "Leader";
}
