using OrleansSync.Grains.Interfaces.Raft;

namespace OrleansSync.Silo.Status;

/// <summary>One replica's status, or why it could not be read (then <see cref="Status"/> is null).</summary>
internal sealed record RaftReplicaReading(int Group, int Replica, RaftPeerStatus? Status, string? Error)
{
    public bool IsLeader => Status?.Role == "Leader";
}
