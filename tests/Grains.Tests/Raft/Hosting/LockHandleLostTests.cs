using OrleansSync.Grains.Interfaces.Locks;
using OrleansSync.Grains.Locks.Client;

namespace OrleansSync.Grains.Tests.Raft.Hosting;

/// <summary><see cref="LockHandle.Lost"/> on a three-silo InProcessTestCluster: it fires when the lease behind the hold is gone.</summary>
public sealed class LockHandleLostTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "orleanssync-lost-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task Lost_Fires_WhenTheLeaseIsClosedServerSide()
    {
        await using var cluster = RaftGroupHarness.Build(_dataDirectory, new LockFactoryForTests());
        await cluster.DeployAsync();
        await using var holder = Client(cluster.Client, "holder");
        await using var admin = Client(cluster.Client, "admin");
        await using var handle = await holder.AcquireAsync("orders/42", LockMode.Exclusive, TimeSpan.Zero);

        // An operator (the HTTP API's release by lease id) releases the lock and closes the lease.
        await admin.ReleaseLeasedAsync("orders/42", handle.LeaseId);

        Assert.True(await FiresAsync(handle.Lost), $"Lost did not fire within {RaftGroupHarness.PhaseTimeout}.");
        Assert.Null(await admin.InspectAsync("orders/42"));
    }

    [Fact]
    public async Task Lost_Fires_WhenTheClientCannotKeepAlive_AndTheLockGoesToTheNextWaiter()
    {
        await using var cluster = RaftGroupHarness.Build(_dataDirectory, new LockFactoryForTests());
        await cluster.DeployAsync();
        var cuttable = new CuttablePeerResolver(cluster.Client);
        await using var holder = Client(cuttable, "holder");
        await using var next = Client(cluster.Client, "next");
        await using var handle = await holder.AcquireAsync("orders/42", LockMode.Exclusive, TimeSpan.Zero);
        var waiting = next.AcquireAsync("orders/42", LockMode.Exclusive, TimeSpan.FromSeconds(15));

        cuttable.IsCut = true;

        Assert.True(await FiresAsync(handle.Lost), $"Lost did not fire within {RaftGroupHarness.PhaseTimeout}.");
        await using var taken = await waiting.WaitAsync(RaftGroupHarness.PhaseTimeout);
        Assert.True(taken.FencingToken > handle.FencingToken);
        Assert.Equal(1L, next.OutcomesByNotification + next.OutcomesByRead); // it waited, and was granted on the lease's expiry
    }

    [Fact]
    public async Task Lost_DoesNotFire_WhileTheClientKeepsTheLeaseAlive()
    {
        await using var cluster = RaftGroupHarness.Build(_dataDirectory, new LockFactoryForTests());
        await cluster.DeployAsync();
        await using var holder = Client(cluster.Client, "holder");
        await using var other = Client(cluster.Client, "other");
        await using var handle = await holder.AcquireAsync("orders/42", LockMode.Exclusive, TimeSpan.Zero);

        // Waiting three TTLs for a try-lock to time out would take too long; instead, queue a
        // request that times out after two TTLs: the holder must have renewed several times.
        var refused = await Assert.ThrowsAsync<LockException>(() => other.AcquireAsync("orders/42", LockMode.Exclusive, TimeSpan.FromMilliseconds(2 * TtlMs)));

        Assert.Equal(LockErrorCode.WaitTimedOut, refused.Code);
        Assert.False(handle.Lost.IsCancellationRequested);
        Assert.Equal(handle.LeaseId, Assert.Single((await other.InspectAsync("orders/42"))!.Holders).LeaseId);
    }

    private const int TtlMs = 3_000; // long enough that a keep-alive delayed by a loaded machine still lands inside the lease

    private static async Task<bool> FiresAsync(CancellationToken token)
    {
        try
        {
            await Task.Delay(RaftGroupHarness.PhaseTimeout, token);
            return false;
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return true;
        }
    }

    private static DistributedLockClient Client(IGrainFactory grains, string owner) => Client(new GrainFactoryPeerResolver(grains), owner);

    private static DistributedLockClient Client(IRaftPeerResolver grains, string owner) =>
        new(grains, new DistributedLockClientOptions { GroupCount = 1, ReplicaCount = 3, Owner = owner, LeaseTtlMs = TtlMs, RequestTimeoutMs = 5_000 });
}
