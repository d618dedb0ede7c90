using Orleans.TestingHost;
using OrleansSync.Grains.Interfaces.Raft;
using OrleansSync.Grains.Raft.StateMachines;

namespace OrleansSync.Grains.Tests.Raft.Hosting;

/// <summary>One Raft group of three RaftPeerGrains on a three-silo InProcessTestCluster, over the runtime.</summary>
public sealed class RaftPeerGrainTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "orleanssync-raftpeer-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    [Fact]
    public async Task Group_ElectsLeader_CommitsThroughSessions_AndServesLinearizableFollowerReads()
    {
        await using var cluster = BuildCluster();
        await cluster.DeployAsync();
        var leader = await WaitForHealthyAsync(cluster, "elect");

        var session = await RegisterAsync(cluster.Client, leader.Replica);
        for (ulong sequence = 1; sequence <= 10; sequence++)
        {
            await ProposeAsync(cluster.Client, leader.Replica, session, sequence, KeyValueCommand.Put("k", $"v{sequence}"));
        }

        var put = await ProposeAsync(cluster.Client, leader.Replica, session, 11, KeyValueCommand.Put("k", "v11"));
        var follower = leader.Voters.First(v => v != leader.Replica);
        var read = await Peer(cluster.Client, follower).Read(KeyValueCodec.EncodeCommand(KeyValueCommand.Get("k")));

        Assert.Equal(KeyValueResultStatus.Ok, put.Status);
        Assert.Equal(RaftCallStatus.Ok, read.Status);
        Assert.Equal("v11", KeyValueCodec.DecodeResult(read.Result).Value);
        var statuses = await Task.WhenAll(leader.Voters.Select(r => Peer(cluster.Client, r).GetStatus()));
        Assert.Equal(3, statuses.Select(s => s.Silo).Distinct().Count()); // replicas on distinct silos
    }

    [Fact]
    public async Task Proposal_ToFollower_IsRefusedWithALeaderHint()
    {
        await using var cluster = BuildCluster();
        await cluster.DeployAsync();
        var leader = await WaitForHealthyAsync(cluster, "hint");
        var follower = leader.Voters.First(v => v != leader.Replica);

        var outcome = await Peer(cluster.Client, follower).Propose(SessionCommandCodec.Encode(SessionCommand.Register(1)));

        Assert.Equal(RaftCallStatus.NotLeader, outcome.Status);
        Assert.Equal(leader.Replica, outcome.LeaderReplica);
    }

    [Fact]
    public async Task LeaderSiloKilled_NewLeaderKeepsCommittedDataAndCommits()
    {
        await using var cluster = BuildCluster();
        await cluster.DeployAsync();
        var leader = await WaitForHealthyAsync(cluster, "failover");
        var session = await RegisterAsync(cluster.Client, leader.Replica);
        await ProposeAsync(cluster.Client, leader.Replica, session, 1, KeyValueCommand.Put("k", "before"));

        await cluster.KillSiloAsync(cluster.Silos.Single(s => s.Name == leader.Silo));
        // The killed replica may come back on a live silo with its own log (shared data directory, ADR 0004).
        var next = await RaftGroupHarness.WaitForLeaderElsewhereAsync(cluster.Client, "failover", leader.Silo);
        var put = await ProposeAsync(cluster.Client, next.Replica, session, 2, KeyValueCommand.Append("k", "+after"));

        Assert.Equal(KeyValueResultStatus.Ok, put.Status);
        var read = await Peer(cluster.Client, next.Replica).Read(KeyValueCodec.EncodeCommand(KeyValueCommand.Get("k")));
        Assert.Equal("before+after", KeyValueCodec.DecodeResult(read.Result).Value);
    }

    private InProcessTestCluster BuildCluster() => RaftGroupHarness.Build(_dataDirectory, new KeyValueFactory());

    private static IRaftPeerGrain Peer(IGrainFactory factory, int replica) => RaftGroupHarness.Peer(factory, replica);

    /// <summary>Placement alone may co-locate two replicas at first; the leader then replaces one. Wait for that.</summary>
    private static Task<RaftPeerStatus> WaitForHealthyAsync(InProcessTestCluster cluster, string phase) =>
        RaftGroupHarness.WaitForHealthyGroupAsync(cluster.Client, 0, [.. cluster.Silos.Select(s => s.Name)], phase);

    private static async Task<ulong> RegisterAsync(IGrainFactory factory, int leader)
    {
        var outcome = await Peer(factory, leader).Propose(SessionCommandCodec.Encode(SessionCommand.Register(1_000)));
        Assert.Equal(RaftCallStatus.Ok, outcome.Status);
        return SessionResultCodec.Decode(outcome.Result).SessionId;
    }

    private static async Task<KeyValueResult> ProposeAsync(IGrainFactory factory, int leader, ulong session, ulong sequence, KeyValueCommand command)
    {
        var bytes = SessionCommandCodec.Encode(SessionCommand.Command(session, sequence, 1_000, KeyValueCodec.EncodeCommand(command)));
        var outcome = await Peer(factory, leader).Propose(bytes);
        Assert.True(outcome.Status == RaftCallStatus.Ok, $"proposal {sequence}: {outcome.Status} {outcome.Detail}");
        var sessionResult = SessionResultCodec.Decode(outcome.Result);
        Assert.Equal(SessionResultStatus.Ok, sessionResult.Status);
        return KeyValueCodec.DecodeResult(sessionResult.Payload.Span);
    }
}
