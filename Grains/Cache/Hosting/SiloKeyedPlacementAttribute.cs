using Orleans.Placement;

namespace OrleansSync.Grains.Cache.Hosting;

/// <summary>Marks a grain keyed by <c>SiloAddress.ToParsableString()</c> as living on that silo.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class SiloKeyedPlacementAttribute : PlacementAttribute
{
    public SiloKeyedPlacementAttribute()
        : base(SiloKeyedPlacementStrategy.Instance)
    {
    }
}
