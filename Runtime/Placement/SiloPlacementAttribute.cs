namespace OrleansSync.Runtime.Placement;

/// <summary>
/// On a grain class whose key is a silo endpoint: the grain lives on that silo, and has no owner
/// (calls are retried, then fail) while that silo is not active. For per-silo system grains such as
/// a message router that receives one batch per silo pair.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class SiloPlacementAttribute : Attribute
{
}
