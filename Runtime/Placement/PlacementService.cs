using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using OrleansSync.Runtime.Invocation;
using OrleansSync.Runtime.Liveness;
using OrleansSync.Runtime.Transport;

namespace OrleansSync.Runtime.Placement;

/// <summary>
/// Decides which silo hosts a grain for a given membership view. Placement is a pure function of
/// (grain, view), so every silo with the same view agrees without a directory: the owner silo
/// is where the single activation lives.
/// </summary>
internal sealed class PlacementService
{
    private readonly int _virtualNodesPerSilo;
    private readonly Lock _lock = new();
    private readonly ConcurrentDictionary<Type, bool> _siloPlaced = new();
    private (long Version, ConsistentHashRing Ring)? _cached;

    public PlacementService(int virtualNodesPerSilo)
    {
        _virtualNodesPerSilo = virtualNodesPerSilo;
    }

    public SiloAddress? Place(GrainId grainId, GrainClassDescriptor grainClass, MembershipView view)
    {
        if (view.ActiveSilos.Count == 0)
        {
            return null;
        }

        if (_siloPlaced.GetOrAdd(grainClass.GrainClass, static type => type.GetCustomAttribute<SiloPlacementAttribute>() is not null))
        {
            return view.ActiveSilos.FirstOrDefault(s => string.Equals(s.Endpoint, grainId.Key, StringComparison.Ordinal));
        }

        if (grainClass.ReplicaPlacement is not null && TryParseReplicaKey(grainId.Key, out var group, out var replica))
        {
            return ReplicaPlacer.Place(grainId.GrainType, group, replica, view.ActiveSilos);
        }

        return RingFor(view).Owner(grainId.ToString());
    }

    /// <summary>Parses <c>{group}/{replica}</c>; the replica is a non-negative integer after the last '/'.</summary>
    public static bool TryParseReplicaKey(string key, out string group, out int replica)
    {
        var slash = key.LastIndexOf('/');
        group = slash > 0 ? key[..slash] : string.Empty;
        replica = 0;
        return slash > 0 && int.TryParse(key.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out replica);
    }

    private ConsistentHashRing RingFor(MembershipView view)
    {
        lock (_lock)
        {
            if (_cached is { } cached && cached.Version == view.Version)
            {
                return cached.Ring;
            }

            var ring = new ConsistentHashRing(view.ActiveSilos, _virtualNodesPerSilo);
            _cached = (view.Version, ring);
            return ring;
        }
    }
}
