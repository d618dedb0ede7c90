using Orleans.TestingHost;
using OrleansSync.Grains.Hosting;
using OrleansSync.Grains.Interfaces.Raft;
using OrleansSync.Grains.Raft.Hosting;

namespace OrleansSync.Grains.Tests.Raft.Hosting;

/// <summary>Raft groups of three replicas on a InProcessTestCluster, and ways to find their leaders and wait for a healthy layout.</summary>
internal static class RaftGroupHarness
{
    /// <summary>
    /// Budget of one phase. Generous: on 2 loaded cores a kill is declared after a few seconds, the
    /// group elects, and the leader replaces a replica step by step (learner, snapshot, promote, remove).
    /// </summary>
    public static readonly TimeSpan PhaseTimeout = TimeSpan.FromSeconds(45);

    /// <summary>
    /// A cluster whose silos host Raft peers with WALs under <paramref name="dataDirectory"/>: shared
    /// by all silos, or (<paramref name="perSiloData"/>) one directory per silo, as on separate machines.
    /// </summary>
    public static InProcessTestCluster Build(
        string dataDirectory, IRaftStateMachineFactory factory, int silos = 3, int groups = 1, bool perSiloData = false, Action<ISiloBuilder>? configure = null) => new InProcessTestClusterBuilder((short)silos)
        .ConfigureSilo((siloOptions, silo) => (configure ?? (_ => { }))(silo))
        .ConfigureSilo((siloOptions, silo) => silo.UseFastFailureDetection().AddRaftPeers(
            options =>
            {
                options.GroupCount = groups;
                options.ReplicaCount = 3;
                options.TickIntervalMs = 20;
                options.MembershipCheckTicks = 5;
                options.DataDirectory = perSiloData ? Path.Combine(dataDirectory, siloOptions.SiloName) : Path.Combine(dataDirectory, "raft");
                options.BirthDirectory = Path.Combine(dataDirectory, "births");
                options.CompactionThresholdEntries = 4; // exercise snapshots and compaction (new replicas catch up by snapshot)
            },
            factory))
        .Build();

    public static IRaftPeerGrain Peer(IGrainFactory factory, int replica, int group = 0) => factory.GetGrain<IRaftPeerGrain>($"{group}/{replica}");

    /// <summary>
    /// Asks every replica until one is a leader (not <paramref name="excluding"/>), within the phase timeout.
    /// Without an exclusion it also waits for the start-up layout to settle: three voters on distinct
    /// silos and no learner (placement may co-locate two replicas at first; the leader replaces one).
    /// </summary>
    public static Task<RaftPeerStatus> WaitForLeaderAsync(IGrainFactory factory, string phase, int? excluding) =>
        WaitForAsync(factory, 0, phase, $"a leader other than replica {excluding}", (leader, voters) =>
            leader.Replica != excluding && (excluding is not null || IsSettled(leader, voters)));

    /// <summary>Waits for a leader that runs on a silo other than <paramref name="excludingSilo"/> (a killed one).</summary>
    public static Task<RaftPeerStatus> WaitForLeaderElsewhereAsync(IGrainFactory factory, string phase, string excludingSilo) =>
        WaitForAsync(factory, 0, phase, $"a leader on a silo other than {excludingSilo}", (leader, _) => leader.Silo != excludingSilo);

    /// <summary>
    /// Waits until group <paramref name="group"/> has a leader whose configuration holds exactly three
    /// voters and no learner, each answering from a distinct silo among <paramref name="liveSilos"/>.
    /// </summary>
    public static Task<RaftPeerStatus> WaitForHealthyGroupAsync(IGrainFactory factory, int group, IReadOnlyCollection<string> liveSilos, string phase) =>
        WaitForAsync(factory, group, phase, $"3 voters on distinct silos of [{string.Join(',', liveSilos)}]", (leader, voters) =>
            IsSettled(leader, voters) && voters.All(v => liveSilos.Contains(v.Silo)));

    private static bool IsSettled(RaftPeerStatus leader, IReadOnlyList<RaftPeerStatus> voters) =>
        leader.Voters.Length == 3 && leader.Learners.Length == 0 && voters.Count == 3 &&
        voters.Select(v => v.Silo).Distinct().Count() == 3 && voters.All(v => v.Role is "Leader" or "Follower");

    private static async Task<RaftPeerStatus> WaitForAsync(
        IGrainFactory factory, int group, string phase, string expectation, Func<RaftPeerStatus, IReadOnlyList<RaftPeerStatus>, bool> condition)
    {
        using var timeout = new CancellationTokenSource(PhaseTimeout);
        var known = new SortedSet<int>(Enumerable.Range(0, 3));
        var last = "nothing answered";
        while (true)
        {
            var statuses = await StatusesAsync(factory, group, known);
            known.UnionWith(statuses.SelectMany(s => s.Voters.Concat(s.Learners)));
            var leader = statuses.Where(s => s.Role == "Leader").MaxBy(s => s.Term);
            if (leader is not null)
            {
                var voters = statuses.Where(s => leader.Voters.Contains(s.Replica)).ToList();
                if (condition(leader, voters))
                {
                    return leader;
                }

                last = $"leader {leader.Replica} on {leader.Silo} term {leader.Term}: voters [{string.Join(',', leader.Voters)}] learners [{string.Join(',', leader.Learners)}]; " +
                    string.Join("; ", statuses.Select(s => $"{s.Replica}={s.Role}@{s.Silo}"));
            }

            if (timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"Phase '{phase}', group {group}: expected {expectation} within {PhaseTimeout}; last seen: {last}.");
            }

            await Task.Delay(50, timeout.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>Asks every replica at once, so one that hangs (its silo just died) does not hold up the others.</summary>
    private static async Task<List<RaftPeerStatus>> StatusesAsync(IGrainFactory factory, int group, IEnumerable<int> replicas)
    {
        var answers = await Task.WhenAll(replicas.ToList().Select(async replica =>
        {
            try
            {
                return await Peer(factory, replica, group).GetStatus().WaitAsync(TimeSpan.FromSeconds(2));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                return null; // The replica's silo may be down: the others answer.
            }
        }));
        return [.. answers.OfType<RaftPeerStatus>()];
    }
}
