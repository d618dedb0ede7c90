using OrleansSync.Grains.Interfaces.Locks;
using OrleansSync.Grains.Locks.Client;

namespace OrleansSync.Grains.Tests.Raft.Hosting;

/// <summary>The Orleans-style entry point <c>client.Locks()</c> on a three-silo InProcessTestCluster.</summary>
public sealed class LockClientExtensionsTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "orleanssync-locksext-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task ClientLocks_AcquiresAndReleases_WithOneLockClientPerClusterClient()
    {
        await using var cluster = RaftGroupHarness.Build(_dataDirectory, new LockFactoryForTests());
        await cluster.DeployAsync();
        var client = cluster.Client;
        var options = new DistributedLockClientOptions { GroupCount = 1, ReplicaCount = 3, Owner = "app" };
        var locks = client.Locks(options);
        var other = new DistributedLockClient(new CuttablePeerResolver(cluster.Client), new DistributedLockClientOptions { GroupCount = 1, ReplicaCount = 3, Owner = "other" });
        using var cancellation = new CancellationTokenSource(RaftGroupHarness.PhaseTimeout);
        ulong firstToken;

        await using (var handle = await client.Locks().AcquireAsync("orders/42", LockMode.Exclusive, TimeSpan.FromSeconds(5), cancellation.Token))
        {
            firstToken = handle.FencingToken;
            Assert.Null(await other.TryAcquireAsync("orders/42", LockMode.Exclusive, cancellation.Token));
        }

        var next = await other.TryAcquireAsync("orders/42", LockMode.Exclusive, cancellation.Token);

        Assert.Same(locks, client.Locks());
        Assert.Same(locks, cluster.Client.Locks());
        Assert.NotSame(locks, other);
        Assert.NotNull(next);
        Assert.True(next.FencingToken > firstToken);
        Assert.Throws<InvalidOperationException>(() => client.Locks(new DistributedLockClientOptions { GroupCount = 1, ReplicaCount = 3 }));
        await next.DisposeAsync();
        await locks.DisposeAsync();
        await other.DisposeAsync();
    }

    [Fact]
    public async Task ClientLocks_AfterTheSharedClientIsDisposed_GivesANewOne()
    {
        await using var cluster = RaftGroupHarness.Build(_dataDirectory, new LockFactoryForTests());
        await cluster.DeployAsync();
        IGrainFactory grains = cluster.Client;
        var first = grains.Locks();

        await first.DisposeAsync();
        var second = grains.Locks();

        Assert.NotSame(first, second);
        Assert.Equal(DistributedLockClientOptions.DefaultLeaseTtlMs, second.Options.LeaseTtlMs);
        await second.DisposeAsync();
    }
}
