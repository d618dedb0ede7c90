namespace OrleansSync.Runtime.Placement;

/// <summary>
/// On a grain class whose keys look like <c>{group}/{replica}</c>: replica r of group g goes to
/// the silo ranked r for g by rendezvous hashing over the active silos, so the replicas of one
/// group sit on distinct silos whenever there are at least as many silos as replicas, and only
/// the replicas of a departed silo move when membership changes.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ReplicaPlacementAttribute : Attribute
{
}
