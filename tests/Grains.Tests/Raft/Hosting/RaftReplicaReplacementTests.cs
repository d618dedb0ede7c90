using OrleansSync.Grains.Interfaces.Locks;
using OrleansSync.Grains.Interfaces.Raft;
using OrleansSync.Grains.Locks.Client;
using OrleansSync.Grains.Raft.Hosting;
using OrleansSync.Grains.Raft.StateMachines;

namespace OrleansSync.Grains.Tests.Raft.Hosting;

/// <summary>
/// Replica replacement on a four-silo InProcessTestCluster (ADR 0008): a killed silo's replicas are replaced
/// under fresh ids on the spare silo, the others stay put, and a removed replica that comes back
/// with its old log stays inert.
/// </summary>
public sealed class RaftReplicaReplacementTests : IDisposable
{
    private const int Groups = 2;
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "orleanssync-replace-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    [Fact]
    public async Task SiloKilled_LostReplicasAreReplaced_DataSurvives_AndTheReturningReplicaStaysOut()
    {
        // Each silo has its own disk: the killed silo's replicas come back elsewhere without their
        // logs, start inert (birth records), and are replaced under fresh ids.
        await using var cluster = RaftGroupHarness.Build(_dataDirectory, new KeyValueFactory(), silos: 4, groups: Groups, perSiloData: true);
        await cluster.DeployAsync();
        var all = cluster.Silos.Select(s => s.Name).ToList();
        var before = new Dictionary<int, (RaftPeerStatus Leader, Dictionary<int, string> SiloOf)>();
        for (var group = 0; group < Groups; group++)
        {
            var leader = await RaftGroupHarness.WaitForHealthyGroupAsync(cluster.Client, group, all, "initial layout");
            await PutAsync(cluster.Client, leader, session: await RegisterAsync(cluster.Client, leader), sequence: 1, $"before-{group}");
            before[group] = (leader, await SilosOfAsync(cluster.Client, group, leader.Voters));
        }

        // Kill a silo hosting a follower of group 0 (the leader keeps leading, so the lost replica is known to it).
        var victim = before[0].SiloOf.First(kv => kv.Key != before[0].Leader.Replica).Value;
        var lost = before.ToDictionary(g => g.Key, g => g.Value.SiloOf.Where(kv => kv.Value == victim).Select(kv => kv.Key).SingleOrDefault(-1));
        var victimHandle = cluster.Silos.Single(s => s.Name == victim);
        await cluster.KillSiloAsync(victimHandle);
        var live = all.Where(s => s != victim).ToList();

        for (var group = 0; group < Groups; group++)
        {
            var leader = await RaftGroupHarness.WaitForHealthyGroupAsync(cluster.Client, group, live, "after the kill");
            var siloOf = await SilosOfAsync(cluster.Client, group, leader.Voters);
            foreach (var (replica, silo) in before[group].SiloOf.Where(kv => kv.Key != lost[group]))
            {
                Assert.Equal(silo, siloOf[replica]); // survivors stayed where they were
            }

            if (lost[group] >= 0)
            {
                Assert.DoesNotContain(lost[group], leader.Voters);
                Assert.Contains(leader.Voters, v => v > before[group].Leader.Voters.Max()); // a fresh id, never used in the group
            }

            Assert.Equal($"before-{group}", await GetAsync(cluster.Client, leader, group));
            await PutAsync(cluster.Client, leader, await RegisterAsync(cluster.Client, leader), 1, $"after-{group}");
        }

        // The killed silo comes back with the replaced replica's old log on its disk: the replica
        // id lives on (inert) where Orleans re-placed it, and never takes part again.
        var removed = lost[0];
        var termBefore = (await RaftGroupHarness.WaitForHealthyGroupAsync(cluster.Client, 0, live, "before the return")).Term;
        await cluster.RestartSiloAsync(victimHandle);

        var status = await WaitForInertAsync(cluster.Client, removed);
        var leaderAfter = await RaftGroupHarness.WaitForHealthyGroupAsync(cluster.Client, 0, [.. cluster.Silos.Select(s => s.Name)], "after the return");
        Assert.DoesNotContain(removed, leaderAfter.Voters);
        Assert.DoesNotContain(removed, leaderAfter.Learners);
        Assert.Contains(status.Role, new[] { RaftPeerGrain.LostRole, RaftPeerGrain.RemovedRole });
        Assert.Equal(termBefore, leaderAfter.Term); // the stale replica disrupted no election
        Assert.Equal("after-0", await GetAsync(cluster.Client, leaderAfter, 0));
    }

    [Fact]
    public async Task SiloJoins_NoReplicaMoves_AndTheGroupKeepsItsVoters()
    {
        await using var cluster = RaftGroupHarness.Build(_dataDirectory, new KeyValueFactory(), silos: 3, groups: Groups, perSiloData: true);
        await cluster.DeployAsync();
        var all = cluster.Silos.Select(s => s.Name).ToList();
        var before = new Dictionary<int, (int[] Voters, Dictionary<int, string> SiloOf)>();
        for (var group = 0; group < Groups; group++)
        {
            var leader = await RaftGroupHarness.WaitForHealthyGroupAsync(cluster.Client, group, all, "initial layout");
            before[group] = (leader.Voters, await SilosOfAsync(cluster.Client, group, leader.Voters));
        }

        // Orleans asks the placement director only for a replica without an activation: a new silo attracts nothing.
        await cluster.StartAdditionalSiloAsync();
        await cluster.WaitForLivenessToStabilizeAsync();
        for (var group = 0; group < Groups; group++)
        {
            var leader = await RaftGroupHarness.WaitForHealthyGroupAsync(cluster.Client, group, all, "after the join");
            Assert.Equal(before[group].Voters.Order(), leader.Voters.Order());
            Assert.Equal(before[group].SiloOf, await SilosOfAsync(cluster.Client, group, leader.Voters));
        }
    }

    [Fact]
    public async Task LockClient_FollowsTheGroupToReplacedReplicas()
    {
        await using var cluster = RaftGroupHarness.Build(_dataDirectory, new LockFactoryForTests(), silos: 4, groups: 1, perSiloData: true);
        await cluster.DeployAsync();
        var live = cluster.Silos.Select(s => s.Name).ToList();
        var leader = await RaftGroupHarness.WaitForHealthyGroupAsync(cluster.Client, 0, live, "initial layout");
        await using var client = new DistributedLockClient(cluster.Client, new DistributedLockClientOptions
        {
            GroupCount = 1,
            ReplicaCount = 3,
            Owner = "A",
            LeaseTtlMs = 30_000,
            RequestTimeoutMs = 60_000,
        });
        var first = await client.AcquireAsync("orders/1", LockMode.Exclusive, TimeSpan.FromSeconds(5));
        var firstToken = first.FencingToken;
        await first.DisposeAsync();

        // A follower's silo dies: its replica comes back elsewhere without its log (each silo has
        // its own disk), stays inert, and is replaced under a fresh id on the spare silo.
        var followerSilo = (await RaftGroupHarness.Peer(cluster.Client, leader.Voters.First(v => v != leader.Replica)).GetStatus()).Silo;
        await cluster.KillSiloAsync(cluster.Silos.Single(s => s.Name == followerSilo));
        live.Remove(followerSilo);
        leader = await RaftGroupHarness.WaitForHealthyGroupAsync(cluster.Client, 0, live, "replaced");
        Assert.Contains(leader.Voters, v => v >= 3);

        // Then the leader's silo: the group (two live voters, maybe led by the fresh replica) must still serve the client.
        await cluster.KillSiloAsync(cluster.Silos.Single(s => s.Name == leader.Silo));
        var second = await client.AcquireAsync("orders/1", LockMode.Exclusive, TimeSpan.FromSeconds(20));

        Assert.True(second.FencingToken > firstToken, $"token {second.FencingToken} after {firstToken}");
        await second.DisposeAsync();
    }

    private static async Task<RaftPeerStatus> WaitForInertAsync(IGrainFactory factory, int replica)
    {
        using var timeout = new CancellationTokenSource(RaftGroupHarness.PhaseTimeout);
        var last = "no answer";
        while (!timeout.IsCancellationRequested)
        {
            try
            {
                var status = await RaftGroupHarness.Peer(factory, replica).GetStatus();
                if (status.Role is RaftPeerGrain.RemovedRole or RaftPeerGrain.LostRole)
                {
                    return status;
                }

                last = $"{status.Role} term {status.Term} voters [{string.Join(',', status.Voters)}]";
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                last = exception.Message;
            }

            await Task.Delay(50, timeout.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        throw new TimeoutException($"Phase 'return': replica 0/{replica} did not report {RaftPeerGrain.LostRole} or {RaftPeerGrain.RemovedRole} within {RaftGroupHarness.PhaseTimeout}; last: {last}.");
    }

    private static async Task<Dictionary<int, string>> SilosOfAsync(IGrainFactory factory, int group, int[] replicas)
    {
        var silos = new Dictionary<int, string>();
        foreach (var replica in replicas)
        {
            silos[replica] = (await RaftGroupHarness.Peer(factory, replica, group).GetStatus()).Silo;
        }

        return silos;
    }

    private static async Task<ulong> RegisterAsync(IGrainFactory factory, RaftPeerStatus leader)
    {
        var outcome = await RaftGroupHarness.Peer(factory, leader.Replica, leader.Group).Propose(SessionCommandCodec.Encode(SessionCommand.Register(1_000)));
        Assert.True(outcome.Status == RaftCallStatus.Ok, $"register: {outcome.Status} {outcome.Detail}");
        return SessionResultCodec.Decode(outcome.Result).SessionId;
    }

    private static async Task PutAsync(IGrainFactory factory, RaftPeerStatus leader, ulong session, ulong sequence, string value)
    {
        var command = SessionCommandCodec.Encode(SessionCommand.Command(session, sequence, 1_000, KeyValueCodec.EncodeCommand(KeyValueCommand.Put("k", value))));
        var outcome = await RaftGroupHarness.Peer(factory, leader.Replica, leader.Group).Propose(command);
        Assert.True(outcome.Status == RaftCallStatus.Ok, $"put {value}: {outcome.Status} {outcome.Detail}");
    }

    private static async Task<string?> GetAsync(IGrainFactory factory, RaftPeerStatus leader, int group)
    {
        var outcome = await RaftGroupHarness.Peer(factory, leader.Replica, group).Read(KeyValueCodec.EncodeCommand(KeyValueCommand.Get("k")));
        Assert.True(outcome.Status == RaftCallStatus.Ok, $"get: {outcome.Status} {outcome.Detail}");
        return KeyValueCodec.DecodeResult(outcome.Result).Value;
    }
}
