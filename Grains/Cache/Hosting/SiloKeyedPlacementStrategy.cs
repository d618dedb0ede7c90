namespace OrleansSync.Grains.Cache.Hosting;

/// <summary>Places a grain keyed by a silo identity on that silo (<see cref="SiloKeyedPlacementDirector"/>).</summary>
[GenerateSerializer]
[Immutable]
[Alias("OrleansSync.SiloKeyedPlacement")]
public sealed class SiloKeyedPlacementStrategy : PlacementStrategy
{
    internal static readonly SiloKeyedPlacementStrategy Instance = new();
}
