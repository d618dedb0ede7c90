using OrleansSync.Runtime.Membership;
using OrleansSync.Runtime.Transport;

namespace OrleansSync.Runtime.Tests.Membership;

/// <summary>Which silo incarnations answer probes from which others: kill and partition without sockets.</summary>
public sealed class FakeSiloNetwork
{
    private readonly Lock _lock = new();
    private readonly HashSet<SiloAddress> _live = [];
    private readonly HashSet<(string, string)> _blocked = [];

    public void Start(SiloAddress silo)
    {
        lock (_lock)
        {
            _live.Add(silo);
        }
    }

    /// <summary>The silo stops answering (process gone).</summary>
    public void Kill(SiloAddress silo)
    {
        lock (_lock)
        {
            _live.Remove(silo);
        }
    }

    /// <summary>No probe crosses between the two sides, in either direction.</summary>
    public void Partition(IEnumerable<SiloAddress> side, IEnumerable<SiloAddress> otherSide)
    {
        lock (_lock)
        {
            foreach (var first in side)
            {
                foreach (var second in otherSide)
                {
                    _blocked.Add((first.Endpoint, second.Endpoint));
                    _blocked.Add((second.Endpoint, first.Endpoint));
                }
            }
        }
    }

    public ISiloProber ProberFor(SiloAddress self) => new Prober(this, self);

    private bool CanReach(SiloAddress from, SiloAddress to)
    {
        lock (_lock)
        {
            return _live.Contains(from) && _live.Contains(to) && !_blocked.Contains((from.Endpoint, to.Endpoint));
        }
    }

    private sealed class Prober(FakeSiloNetwork network, SiloAddress self) : ISiloProber
    {
        public Task<bool> ProbeAsync(SiloAddress target, TimeSpan timeout, CancellationToken cancellationToken) =>
            Task.FromResult(network.CanReach(self, target));
    }
}
