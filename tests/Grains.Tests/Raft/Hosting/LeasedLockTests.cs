using OrleansSync.Grains.Interfaces.Locks;
using OrleansSync.Grains.Locks.Client;

namespace OrleansSync.Grains.Tests.Raft.Hosting;

/// <summary>Explicit leases (the HTTP API's and console client's model) on a three-silo InProcessTestCluster.</summary>
public sealed class LeasedLockTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "orleanssync-leased-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task LeasedGrant_OutlivesItsClient_RefusesOthers_AndIsReleasedByLeaseIdFromAnotherClient()
    {
        await using var cluster = RaftGroupHarness.Build(_dataDirectory, new LockFactoryForTests());
        await cluster.DeployAsync();
        LeasedLock grant;
        await using (var first = Client(cluster.Client, "cli-1"))
        {
            grant = (await first.AcquireLeasedAsync("demo", LockMode.Exclusive, TimeSpan.FromSeconds(30), TimeSpan.Zero))!;
        }

        await using var second = Client(cluster.Client, "cli-2");
        var busy = await second.AcquireLeasedAsync("demo", LockMode.Exclusive, TimeSpan.FromSeconds(30), TimeSpan.Zero);
        var renewed = await second.KeepAliveLeaseAsync("demo", grant.LeaseId);
        await second.ReleaseLeasedAsync("demo", grant.LeaseId);
        var next = await second.AcquireLeasedAsync("demo", LockMode.Exclusive, TimeSpan.FromSeconds(30), TimeSpan.Zero);

        Assert.Null(busy);
        Assert.True(renewed >= grant.LeaseExpiresAt);
        Assert.NotNull(next);
        Assert.True(next.FencingToken > grant.FencingToken);
        Assert.Equal(next.LeaseId, Assert.Single((await second.InspectAsync("demo"))!.Holders).LeaseId);
    }

    [Fact]
    public async Task ReleaseWithAWrongOrClosedLease_FailsWithTypedErrors()
    {
        await using var cluster = RaftGroupHarness.Build(_dataDirectory, new LockFactoryForTests());
        await cluster.DeployAsync();
        await using var client = Client(cluster.Client, "cli");
        var held = (await client.AcquireLeasedAsync("a", LockMode.Shared, TimeSpan.FromSeconds(30), TimeSpan.Zero))!;
        var other = (await client.AcquireLeasedAsync("b", LockMode.Exclusive, TimeSpan.FromSeconds(30), TimeSpan.Zero))!;

        var notHolder = await Assert.ThrowsAsync<LockException>(() => client.ReleaseLeasedAsync("a", other.LeaseId));
        await client.ReleaseLeasedAsync("a", held.LeaseId);
        var closed = await Assert.ThrowsAsync<LockException>(() => client.KeepAliveLeaseAsync("a", held.LeaseId));

        Assert.Equal(LockErrorCode.NotHolder, notHolder.Code);
        Assert.Contains(closed.Code, new[] { LockErrorCode.UnknownLease, LockErrorCode.LeaseExpired });
    }

    [Fact]
    public async Task LeasedAcquire_RejectsATtlUnderOneSecondAndANegativeWait()
    {
        await using var cluster = RaftGroupHarness.Build(_dataDirectory, new LockFactoryForTests());
        await cluster.DeployAsync();
        await using var client = Client(cluster.Client, "cli");

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.AcquireLeasedAsync("a", LockMode.Shared, TimeSpan.FromMilliseconds(10), TimeSpan.Zero));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.AcquireLeasedAsync("a", LockMode.Shared, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(-1)));
    }

    private static DistributedLockClient Client(IGrainFactory grains, string owner) => Client(new GrainFactoryPeerResolver(grains), owner);

    private static DistributedLockClient Client(IRaftPeerResolver grains, string owner) =>
        new(grains, new DistributedLockClientOptions { GroupCount = 1, ReplicaCount = 3, Owner = owner });
}
