namespace OrleansSync.Runtime.Placement;

/// <summary>
/// On a grain class whose keys look like <c>{group}/{replica}</c>: each replica id goes to the
/// active silo it prefers most by rendezvous hashing (<see cref="ReplicaPlacer"/>), so only the
/// replicas of a departed silo move when membership changes. Keeping a group's replicas on
/// distinct silos is the group's job (its leader replaces co-located or lost replicas; ADR 0008).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ReplicaPlacementAttribute : Attribute
{
}
