using OrleansSync.Runtime.Transport;

namespace OrleansSync.Runtime.Placement;

/// <summary>
/// A consistent-hash ring over silos with virtual nodes: a grain belongs to the first silo point
/// at or after its hash. When a silo leaves, only the grains it owned move.
/// </summary>
internal sealed class ConsistentHashRing
{
    private readonly ulong[] _points;
    private readonly SiloAddress[] _owners;

    public ConsistentHashRing(IReadOnlyList<SiloAddress> silos, int virtualNodesPerSilo)
    {
        var points = new List<(ulong Point, SiloAddress Owner)>(silos.Count * virtualNodesPerSilo);
        foreach (var silo in silos)
        {
            var siloHash = StableHash.Hash(silo.Endpoint);
            for (var i = 0; i < virtualNodesPerSilo; i++)
            {
                points.Add((StableHash.Combine(siloHash, (ulong)i), silo));
            }
        }

        points.Sort((a, b) => a.Point != b.Point ? a.Point.CompareTo(b.Point) : string.CompareOrdinal(a.Owner.Endpoint, b.Owner.Endpoint));
        _points = [.. points.Select(p => p.Point)];
        _owners = [.. points.Select(p => p.Owner)];
    }

    public SiloAddress? Owner(string key)
    {
        if (_points.Length == 0)
        {
            return null;
        }

        var hash = StableHash.Hash(key);
        var index = Array.BinarySearch(_points, hash);
        if (index < 0)
        {
            index = ~index;
        }

        return _owners[index == _points.Length ? 0 : index];
    }
}
