using System.Collections.Concurrent;

namespace OrleansSync.TestSupport.Faults;

/// <summary>
/// Cuts the Raft traffic between silos of a test cluster while leaving Orleans' own traffic
/// (membership probes, directory, client calls) alone: a partition that Raft sees and membership
/// does not, which Orleans' TestingHost has no primitive for. One instance is shared by every silo
/// of the cluster; each silo's <see cref="RaftPartitionCallFilter"/> consults it.
/// </summary>
public sealed class RaftNetworkPartition
{
    private readonly ConcurrentDictionary<(SiloAddress From, SiloAddress To), bool> _cut = new();

    /// <summary>Raft batches dropped so far.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    private long _dropped;

    /// <summary>Cuts both directions between <paramref name="silo"/> and each of <paramref name="others"/>.</summary>
    public void Isolate(SiloAddress silo, IEnumerable<SiloAddress> others)
    {
        ArgumentNullException.ThrowIfNull(others);
        foreach (var other in others.Where(o => !o.Equals(silo)))
        {
            _cut[(silo, other)] = true;
            _cut[(other, silo)] = true;
        }
    }

    public void HealAll() => _cut.Clear();

    /// <summary>Whether a Raft batch from <paramref name="from"/> to <paramref name="to"/> is lost (and counts it).</summary>
    public bool Drops(SiloAddress from, SiloAddress to)
    {
        if (!_cut.ContainsKey((from, to)))
        {
            return false;
        }

        Interlocked.Increment(ref _dropped);
        return true;
    }
}
