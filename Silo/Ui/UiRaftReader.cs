using System.Collections.Concurrent;
using OrleansSync.Grains.Cluster;
using OrleansSync.Grains.Interfaces.Raft;
using OrleansSync.Silo.Hosting;
using OrleansSync.Silo.Status;

namespace OrleansSync.Silo.Ui;

/// <summary>
/// The pages' reading of the Raft groups: like <see cref="RaftStatusReader"/> (every replica's own
/// status, each within the status timeout, summed up per group), but it also asks the members it
/// saw last. Why: a lost replica is replaced under a fresh id (ADR 0008), so after the silo of a
/// group's only founding member (ids 0..R-1) dies, asking the founding ids finds only inert
/// replicas that name nobody, and the group would show no leader while it serves. Remembering the
/// members keeps the Raft page right through exactly the failure it is there to show.
/// </summary>
/// <remarks>
/// The status readers themselves are being taught the same (remembered members): once they are,
/// this reader can give way to them.
/// </remarks>
internal sealed class UiRaftReader(IGrainFactory grains, SiloHostOptions options)
{
    private const int MaxDiscoveryRounds = 4;

    private readonly ConcurrentDictionary<int, int[]> _members = new();

    public async Task<IReadOnlyList<RaftGroupSummary>> ReadAsync(CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromMilliseconds(options.StatusTimeoutMs);
        var groups = await Task.WhenAll(Enumerable.Range(0, options.Groups).Select(group => ReadGroupAsync(group, timeout, cancellationToken)));
        return RaftGroupSummary.Summarize([.. groups.SelectMany(readings => readings)], options.Groups);
    }

    /// <summary>Remembers the members a reading of the status cache names (the pages' first read then already knows them).</summary>
    public void Remember(RaftStatusSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        foreach (var group in snapshot.Groups)
        {
            if (MembersOf(group.Replicas) is { Count: > 0 } members)
            {
                _members[group.Group] = [.. members];
            }
        }
    }

    private async Task<IReadOnlyList<RaftReplicaReading>> ReadGroupAsync(int group, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var readings = new SortedDictionary<int, RaftReplicaReading>();
        IReadOnlyCollection<int> toAsk = [.. Enumerable.Range(0, options.Replicas).Concat(_members.GetValueOrDefault(group) ?? []).Distinct()];
        for (var round = 0; round < MaxDiscoveryRounds && toAsk.Count > 0; round++)
        {
            foreach (var reading in await Task.WhenAll(toAsk.Select(replica => ReadOneAsync(group, replica, timeout, cancellationToken))))
            {
                readings[reading.Replica] = reading;
            }

            toAsk = [.. MembersOf(readings.Values).Where(member => !readings.ContainsKey(member))];
        }

        var members = MembersOf(readings.Values);
        if (members.Count == 0)
        {
            return [.. readings.Values];
        }

        _members[group] = [.. members];
        return [.. readings.Values.Where(r => members.Contains(r.Replica))];
    }

    /// <summary>Voters and learners as the most advanced answering member knows them (highest term, then leader, then commit).</summary>
    private static HashSet<int> MembersOf(IEnumerable<RaftReplicaReading> readings)
    {
        var best = readings.Select(r => r.Status).OfType<RaftPeerStatus>()
            .Where(s => s.Voters.Length > 0 && s.Role is not ("Removed" or "Lost"))
            .OrderByDescending(s => s.Term)
            .ThenByDescending(s => s.Role == "Leader")
            .ThenByDescending(s => s.CommitIndex)
            .FirstOrDefault();
        return best is null ? [] : [.. best.Voters, .. best.Learners];
    }

    private async Task<RaftReplicaReading> ReadOneAsync(int group, int replica, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            var status = await grains.GetGrain<IRaftPeerGrain>($"{group}/{replica}").GetStatus().WaitAsync(timeout, cancellationToken);
            return new RaftReplicaReading(group, replica, status, null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // An unreachable replica is a fact for the page to show, not a failed read.
            return new RaftReplicaReading(group, replica, null, $"{exception.GetType().Name}: {exception.Message}");
        }
    }
}
