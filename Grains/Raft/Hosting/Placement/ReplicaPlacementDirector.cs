using System.Globalization;
using Orleans.Runtime.Placement;

namespace OrleansSync.Grains.Raft.Hosting.Placement;

/// <summary>
/// Chooses the silo of a replica that has no activation: a placement hint in the request context
/// if the caller gave one and it is compatible, else the rendezvous winner among the compatible
/// silos (<see cref="ReplicaPlacer"/>). Orleans calls it on the caller's silo, once per activation.
/// </summary>
internal sealed class ReplicaPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silos = context.GetCompatibleSilos(target);
        if (silos.Length == 0)
        {
            throw new OrleansException($"No silo can host {target.GrainIdentity}.");
        }

        if (IPlacementDirector.GetPlacementHint(target.RequestContextData, silos) is { } hinted)
        {
            return Task.FromResult(hinted);
        }

        var key = RaftPeerKey.Parse(target.GrainIdentity.Key.ToString());
        var byEndpoint = silos.ToDictionary(s => s.Endpoint.ToString(), StringComparer.Ordinal);
        var preferred = ReplicaPlacer.PreferredEndpoint(RaftPeerGrain.PlacementGrainType, key.Group.ToString(CultureInfo.InvariantCulture), key.Replica, byEndpoint.Keys);
        return Task.FromResult(byEndpoint[preferred!]);
    }
}
