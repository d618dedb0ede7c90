using Orleans.Runtime.Placement;

namespace OrleansSync.Grains.Cache.Hosting;

/// <summary>
/// Puts the activation on the silo its key names. When that silo is gone (or the key is not a
/// silo address), the activation goes to the caller's silo: such a stray knows it is not on its
/// silo and does nothing with the state it does not have (<see cref="NearCacheGrain"/>).
/// </summary>
internal sealed class SiloKeyedPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silos = context.GetCompatibleSilos(target);
        var key = target.GrainIdentity.Key.ToString();
        var named = silos.FirstOrDefault(s => string.Equals(s.ToParsableString(), key, StringComparison.Ordinal));
        return Task.FromResult(named ?? (silos.Contains(context.LocalSilo) ? context.LocalSilo : silos[0]));
    }
}
