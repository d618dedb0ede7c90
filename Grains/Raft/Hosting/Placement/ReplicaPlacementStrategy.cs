namespace OrleansSync.Grains.Raft.Hosting.Placement;

/// <summary>
/// Places the replicas of a Raft group (<c>{group}/{replica}</c> keys) by rendezvous hashing over
/// the compatible silos, so that the R replicas of a new group usually start on distinct silos
/// (<see cref="ReplicaPlacementDirector"/>).
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("OrleansSync.ReplicaPlacement")]
public sealed class ReplicaPlacementStrategy : PlacementStrategy
{
    internal static readonly ReplicaPlacementStrategy Instance = new();
}
