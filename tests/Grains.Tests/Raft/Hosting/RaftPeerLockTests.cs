using System.Buffers.Binary;
using OrleansSync.Grains.Interfaces.Raft;
using OrleansSync.Grains.Locks;
using OrleansSync.Grains.Raft.StateMachines;
using OrleansSync.Grains.Service;

namespace OrleansSync.Grains.Tests.Raft.Hosting;

/// <summary>Lock tables replicated by RaftPeerGrains: time comes from the leader, never the client.</summary>
public sealed class RaftPeerLockTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "orleanssync-raftlock-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    [Fact]
    public async Task LeaseExpiry_FollowsTheLeadersClock_NotTheClientsStamp()
    {
        await using var cluster = RaftGroupHarness.Build(_dataDirectory, new LockFactoryForTests());
        await cluster.DeployAsync();
        var leader = RaftGroupHarness.Peer(cluster.Client, (await RaftGroupHarness.WaitForLeaderAsync(cluster.Client, "elect", null)).Replica);
        const long ClaimedClientTimeMs = 4_000_000_000_000; // year 2096: a client clock far ahead
        const long TtlMs = 10_000;

        var registered = await leader.Propose(SessionCommandCodec.Encode(SessionCommand.Register(ClaimedClientTimeMs)));
        var session = SessionResultCodec.Decode(registered.Result).SessionId;
        var beforeMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var opened = await leader.Propose(SessionCommandCodec.Encode(
            SessionCommand.Command(session, 1, ClaimedClientTimeMs, ServiceEnvelope.Wrap(ServiceKind.Locks, LockCommandCodec.Encode(new OpenLeaseCommand("client-a", TtlMs))))));
        var afterMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        Assert.Equal(RaftCallStatus.Ok, opened.Status);
        var lease = LockWireCodec.DecodeResult(SessionResultCodec.Decode(opened.Result).Payload.Span);
        var read = await leader.Read(ServiceEnvelope.Wrap(ServiceKind.Locks, LockWireCodec.EncodeLeaseExpiryQuery(lease.LeaseId)));
        var expiresAtMs = BinaryPrimitives.ReadInt64LittleEndian(read.Result);
        Assert.InRange(expiresAtMs, beforeMs + TtlMs, afterMs + TtlMs);
        Assert.Equal(expiresAtMs, lease.LeaseExpiresAtMs);
    }

    [Fact]
    public async Task Proposal_ThatIsNotASessionCommand_IsRejected()
    {
        await using var cluster = RaftGroupHarness.Build(_dataDirectory, new LockFactoryForTests());
        await cluster.DeployAsync();
        var leader = RaftGroupHarness.Peer(cluster.Client, (await RaftGroupHarness.WaitForLeaderAsync(cluster.Client, "elect", null)).Replica);

        var outcome = await leader.Propose(LockCommandCodec.Encode(new ExpireCommand()));

        Assert.Equal(RaftCallStatus.Rejected, outcome.Status);
        Assert.Contains("session command", outcome.Detail, StringComparison.Ordinal);
    }
}
