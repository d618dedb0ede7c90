using System.Collections.Concurrent;

namespace OrleansSync.Runtime.Transport;

/// <summary>
/// A loopback "network" for silos and clients in one process. Requests are copied and
/// dispatched on the thread pool (never inline), so callers see the same asynchrony as over
/// TCP. Partitions between endpoints can be injected; a detached endpoint fails its callers'
/// outstanding requests like a dropped connection.
/// </summary>
public sealed class InProcessNetwork
{
    private readonly ConcurrentDictionary<string, InProcessChannel> _endpoints = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string, string), bool> _blocked = new();

    /// <summary>Blocks traffic in both directions between two endpoints.</summary>
    public void Partition(string endpointA, string endpointB)
    {
        _blocked[(endpointA, endpointB)] = true;
        _blocked[(endpointB, endpointA)] = true;
        if (_endpoints.TryGetValue(endpointA, out var a))
        {
            a.FailOutstandingTo(endpointB);
        }

        if (_endpoints.TryGetValue(endpointB, out var b))
        {
            b.FailOutstandingTo(endpointA);
        }
    }

    /// <summary>Restores traffic between two endpoints.</summary>
    public void Heal(string endpointA, string endpointB)
    {
        _blocked.TryRemove((endpointA, endpointB), out _);
        _blocked.TryRemove((endpointB, endpointA), out _);
    }

    /// <summary>Removes every injected partition.</summary>
    public void HealAll() => _blocked.Clear();

    internal InProcessChannel Attach(SiloAddress address)
    {
        var channel = new InProcessChannel(this, address);
        if (!_endpoints.TryAdd(address.Endpoint, channel))
        {
            throw new InvalidOperationException($"Endpoint {address.Endpoint} is already attached to this network.");
        }

        return channel;
    }

    internal void Detach(InProcessChannel channel)
    {
        _endpoints.TryRemove(new KeyValuePair<string, InProcessChannel>(channel.LocalAddress.Endpoint, channel));
        foreach (var other in _endpoints.Values)
        {
            other.FailOutstandingTo(channel.LocalAddress.Endpoint);
        }
    }

    internal InProcessChannel? Route(string from, SiloAddress to)
    {
        if (_blocked.ContainsKey((from, to.Endpoint)) || !_endpoints.TryGetValue(to.Endpoint, out var target))
        {
            return null;
        }

        return target.LocalAddress == to && target.IsListening ? target : null;
    }
}
