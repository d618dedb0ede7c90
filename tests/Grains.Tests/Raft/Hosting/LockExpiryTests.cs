using OrleansSync.Grains.Interfaces.Locks;
using OrleansSync.Grains.Locks.Client;

namespace OrleansSync.Grains.Tests.Raft.Hosting;

/// <summary>Lease expiry proposed by the leader on a three-silo InProcessTestCluster: no client command carries the time.</summary>
public sealed class LockExpiryTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "orleanssync-lockexpiry-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task WhenASessionExpires_ItsLocksAreFreed_AndAWaiterIsGranted_WithoutAnyOtherClientCommand()
    {
        await using var cluster = RaftGroupHarness.Build(_dataDirectory, new LockFactoryForTests());
        await cluster.DeployAsync();
        // A new group may still be moving a co-located replica (ADR 0008); the short lease below
        // must not expire while its own grant is being committed.
        await RaftGroupHarness.WaitForHealthyGroupAsync(cluster.Client, 0, [.. cluster.Silos.Select(s => s.Name)], "settle");
        await using var departed = Client(cluster.Client, "departed");
        await using var waiter = Client(cluster.Client, "waiter");

        // A lease nobody keeps alive: its holder is gone (two seconds TTL from the grant).
        var abandoned = (await departed.AcquireLeasedAsync("orders/42", LockMode.Exclusive, TimeSpan.FromSeconds(2), TimeSpan.Zero))!;
        // The waiter's own lease lives a minute, so it sends no keep-alive during the test: after
        // its acquire is queued, the only commands are the leader's expiry proposals.
        await using var handle = await waiter.AcquireAsync("orders/42", LockMode.Exclusive, TimeSpan.FromSeconds(10))
            .WaitAsync(RaftGroupHarness.PhaseTimeout);

        var expired = await Assert.ThrowsAsync<LockException>(() => departed.KeepAliveLeaseAsync("orders/42", abandoned.LeaseId));
        Assert.Equal(LockErrorCode.LeaseExpired, expired.Code);
        Assert.True(handle.FencingToken > abandoned.FencingToken);
        Assert.Equal(handle.LeaseId, Assert.Single((await waiter.InspectAsync("orders/42"))!.Holders).LeaseId);
    }

    private static DistributedLockClient Client(IGrainFactory grains, string owner) => Client(new GrainFactoryPeerResolver(grains), owner);

    private static DistributedLockClient Client(IRaftPeerResolver grains, string owner) =>
        new(grains, new DistributedLockClientOptions { GroupCount = 1, ReplicaCount = 3, Owner = owner, LeaseTtlMs = 60_000 });
}
