namespace OrleansSync.Runtime.Messaging;

/// <summary>
/// An <see cref="IConnectionFilter"/> for tests (TestCluster partitions): one instance shared by
/// the transports of all silos of a process; blocks are symmetric between pairs of silo endpoints.
/// </summary>
public sealed class NetworkPartitionFilter : IConnectionFilter
{
    private readonly Lock _lock = new();

    /// <summary>Blocked ordered pairs; every block is stored in both directions.</summary>
    private readonly HashSet<(string, string)> _blocked = [];

    public event EventHandler? Changed;

    public bool IsBlocked(string localSilo, string remoteSilo)
    {
        lock (_lock)
        {
            return _blocked.Contains((localSilo, remoteSilo));
        }
    }

    /// <summary>Blocks traffic between <paramref name="first"/> and <paramref name="second"/> (both directions).</summary>
    public void Block(string first, string second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        lock (_lock)
        {
            _blocked.Add((first, second));
            _blocked.Add((second, first));
        }

        Changed?.Invoke(this, EventArgs.Empty);
    }

    /// <summary>Blocks traffic between every endpoint of <paramref name="side"/> and every endpoint of <paramref name="otherSide"/>.</summary>
    public void Partition(IReadOnlyCollection<string> side, IReadOnlyCollection<string> otherSide)
    {
        ArgumentNullException.ThrowIfNull(side);
        ArgumentNullException.ThrowIfNull(otherSide);
        lock (_lock)
        {
            foreach (var first in side)
            {
                foreach (var second in otherSide)
                {
                    _blocked.Add((first, second));
                    _blocked.Add((second, first));
                }
            }
        }

        Changed?.Invoke(this, EventArgs.Empty);
    }

    /// <summary>Lets traffic flow again between <paramref name="first"/> and <paramref name="second"/>.</summary>
    public void Unblock(string first, string second)
    {
        lock (_lock)
        {
            _blocked.Remove((first, second));
            _blocked.Remove((second, first));
        }

        Changed?.Invoke(this, EventArgs.Empty);
    }

    /// <summary>Removes every block.</summary>
    public void HealAll()
    {
        lock (_lock)
        {
            _blocked.Clear();
        }

        Changed?.Invoke(this, EventArgs.Empty);
    }
}
