using OrleansSync.Grains.Interfaces.Raft;

namespace OrleansSync.Grains.Cluster;

/// <summary>
/// Reads the status of a Raft group's current members. Replicas are not always <c>0..R-1</c>:
/// a lost replica is replaced under a fresh id (ADR 0008), so this asks the founding ids first,
/// then whichever members the best-informed answer names, and reports exactly the members of that
/// configuration (every id asked if no replica answered). One place for the status page, health,
/// metrics, the console's <c>status</c> and tests.
/// </summary>
public static class RaftGroupReader
{
    /// <summary>Rounds of "ask the members the last answers named"; one is enough unless a change is in flight.</summary>
    private const int MaxDiscoveryRounds = 4;

    public static async Task<IReadOnlyList<RaftReplicaReading>> ReadGroupAsync(
        IGrainFactory grains, int group, int replicaCount, TimeSpan timeout, SemaphoreSlim? gate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var readings = new SortedDictionary<int, RaftReplicaReading>();
        IReadOnlyCollection<int> toAsk = [.. Enumerable.Range(0, replicaCount)];
        for (var round = 0; round < MaxDiscoveryRounds && toAsk.Count > 0; round++)
        {
            foreach (var reading in await Task.WhenAll(toAsk.Select(r => ReadOneAsync(grains, group, r, timeout, gate, cancellationToken))))
            {
                readings[reading.Replica] = reading;
            }

            toAsk = [.. MembersOf(readings.Values).Where(member => !readings.ContainsKey(member))];
        }

        var members = MembersOf(readings.Values);
        return members.Count == 0 ? [.. readings.Values] : [.. readings.Values.Where(r => members.Contains(r.Replica))];
    }

    /// <summary>
    /// Voters and learners as the most advanced answering member (highest term, then leader, then
    /// commit) knows them. When no member answered but removed or inert replicas did, the newest
    /// membership they name (the one with the highest replica id: ids only grow), so that the
    /// reader still finds the replacements of every founding replica.
    /// </summary>
    private static HashSet<int> MembersOf(IEnumerable<RaftReplicaReading> readings)
    {
        var statuses = readings.Select(r => r.Status).OfType<RaftPeerStatus>().ToList();
        var best = statuses
            .Where(s => s.Voters.Length > 0 && s.Role is not ("Removed" or "Lost"))
            .OrderByDescending(s => s.Term)
            .ThenByDescending(s => s.Role == "Leader")
            .ThenByDescending(s => s.CommitIndex)
            .FirstOrDefault();
        if (best is not null)
        {
            return [.. best.Voters, .. best.Learners];
        }

        var hint = statuses.Where(s => s.Voters.Length > 0).MaxBy(s => s.Voters.Max());
        return hint is null ? [] : [.. hint.Voters];
    }

    private static async Task<RaftReplicaReading> ReadOneAsync(
        IGrainFactory grains, int group, int replica, TimeSpan timeout, SemaphoreSlim? gate, CancellationToken cancellationToken)
    {
        if (gate is not null)
        {
            await gate.WaitAsync(cancellationToken);
        }

        try
        {
            var status = await grains.GetGrain<IRaftPeerGrain>($"{group}/{replica}").GetStatus().WaitAsync(timeout, cancellationToken);
            return new RaftReplicaReading(group, replica, status, null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Reported, not swallowed: an unreachable replica is a fact for the reader to show.
            return new RaftReplicaReading(group, replica, null, $"{exception.GetType().Name}: {exception.Message}");
        }
        finally
        {
            gate?.Release();
        }
    }
}
