using OrleansSync.Grains.Interfaces.Raft;

namespace OrleansSync.Grains.Cluster;

/// <summary>
/// Reads a Raft group's current configuration and the status of its members. Replicas are not
/// <c>0..R-1</c> for long: a lost replica is replaced under a fresh id (ADR 0008), so after every
/// silo was replaced once no founding id is a member any more. The reader starts from the members
/// it remembers (<see cref="RaftMemberMemory"/>), else from the founding ids, and follows every id
/// the answers name (configurations, and the removal hints of removed replicas) until no new id
/// turns up; if that leads to no leader it also asks every replica Orleans has activated
/// (<see cref="RaftActivationCatalog"/>). It then reports exactly the members of the configuration
/// <see cref="CurrentConfiguration.Choose"/> picks: the leader's.
/// One place for the status page, health, metrics, the console's <c>status</c> and tests.
/// </summary>
public static class RaftGroupReader
{
    /// <summary>
    /// Rounds of "ask the ids the last answers named". One while the configuration holds still; a
    /// replacement in flight, or a start from the founding ids through several removals, takes a few more.
    /// </summary>
    private const int MaxDiscoveryRounds = 8;

    /// <summary>Bounds the ids asked in one read, whatever the answers name (each round asks in parallel).</summary>
    private const int MaxAskedPerReplica = 8;

    public static async Task<RaftGroupReading> ReadGroupAsync(
        IGrainFactory grains,
        int group,
        int replicaCount,
        RaftMemberMemory? memory,
        RaftActivationCatalog? catalog,
        TimeSpan timeout,
        SemaphoreSlim? gate,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentOutOfRangeException.ThrowIfLessThan(replicaCount, 1);
        var maxAsked = MaxAskedPerReplica * replicaCount;
        var readings = new SortedDictionary<int, RaftReplicaReading>();
        int[] founding = [.. Enumerable.Range(0, replicaCount)];
        var remembered = memory?.MembersOf(group) ?? [];
        IReadOnlyCollection<int> toAsk = remembered.Count > 0 ? remembered : founding;
        var foundingAsked = remembered.Count == 0;
        var catalogAsked = catalog is null;
        for (var round = 0; round < MaxDiscoveryRounds; round++)
        {
            if (toAsk.Count == 0 && !foundingAsked && Current(readings.Values) is null)
            {
                // No remembered member answers as a member (unreachable, or all removed without a
                // hint): start over where a new reader would.
                foundingAsked = true;
                toAsk = [.. founding.Where(id => !readings.ContainsKey(id)).Take(maxAsked - readings.Count)];
            }

            if (toAsk.Count == 0 && !catalogAsked && !HasLeader(readings.Values))
            {
                // What the answers name leads to no leader: the founding replicas may all be inert
                // without a hint. Every live member is an activation somewhere.
                catalogAsked = true;
                var activated = await catalog!.ReplicasOfAsync(group, cancellationToken);
                toAsk = [.. activated.Where(id => !readings.ContainsKey(id)).Order().Take(maxAsked - readings.Count)];
            }

            if (toAsk.Count == 0)
            {
                break;
            }

            foreach (var reading in await Task.WhenAll(toAsk.Select(r => ReadOneAsync(grains, group, r, timeout, gate, cancellationToken))))
            {
                readings[reading.Replica] = reading;
            }

            toAsk = [.. NamedIds(readings.Values).Where(id => !readings.ContainsKey(id)).Order().Take(maxAsked - readings.Count)];
        }

        if (Current(readings.Values) is { } current)
        {
            int[] voters = [.. current.Voters.Order()];
            int[] learners = [.. current.Learners.Order()];
            memory?.Remember(group, voters.Concat(learners));
            return new RaftGroupReading(group, voters, learners, [.. voters.Concat(learners).Order().Select(member => readings.TryGetValue(member, out var reading)
                ? reading
                : new RaftReplicaReading(group, member, null, $"Not asked: the read stopped at {maxAsked} replicas or {MaxDiscoveryRounds} rounds."))]);
        }

        // No member answered: report the members last known (the reader's memory, else the newest
        // removal hint), or every id asked when nothing names any.
        IReadOnlyList<int> known = remembered.Count > 0 ? remembered : NewestHint(readings.Values);
        return known.Count == 0
            ? new RaftGroupReading(group, [], [], [.. readings.Values])
            : new RaftGroupReading(group, [.. known.Order()], [], [.. readings.Values.Where(r => known.Contains(r.Replica))]);
    }

    private static RaftPeerStatus? Current(IEnumerable<RaftReplicaReading> readings) =>
        CurrentConfiguration.Choose(readings.Select(r => r.Status).OfType<RaftPeerStatus>());

    /// <summary>Every id an answer names: members' configurations, and removed replicas' hints (the configuration that removed them).</summary>
    private static IEnumerable<int> NamedIds(IEnumerable<RaftReplicaReading> readings) => readings
        .Select(r => r.Status)
        .OfType<RaftPeerStatus>()
        .SelectMany(s => s.Voters.Concat(s.Learners))
        .Distinct();

    private static int[] NewestHint(IEnumerable<RaftReplicaReading> readings) =>
        readings.Select(r => r.Status).OfType<RaftPeerStatus>().Where(s => s.Voters.Length > 0).MaxBy(s => s.Voters.Max())?.Voters ?? [];

    /// <summary>Whether a member of the current configuration says it leads.</summary>
    private static bool HasLeader(IEnumerable<RaftReplicaReading> readings)
    {
        var all = readings.ToList();
        return Current(all) is { } current
            && all.Any(r => r.IsLeader && (current.Voters.Contains(r.Replica) || current.Learners.Contains(r.Replica)));
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
