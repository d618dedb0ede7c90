using Orleans.Placement;

namespace OrleansSync.Grains.Raft.Hosting.Placement;

/// <summary>Marks a grain keyed <c>{group}/{replica}</c> as placed by <see cref="ReplicaPlacementStrategy"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class ReplicaPlacementAttribute : PlacementAttribute
{
    public ReplicaPlacementAttribute()
        : base(ReplicaPlacementStrategy.Instance)
    {
    }
}
