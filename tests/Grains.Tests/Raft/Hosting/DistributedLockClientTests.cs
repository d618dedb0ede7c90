using OrleansSync.Grains.Interfaces.Locks;
using OrleansSync.Grains.Locks.Client;

namespace OrleansSync.Grains.Tests.Raft.Hosting;

/// <summary>The lock client against a Raft lock group on a three-silo InProcessTestCluster.</summary>
public sealed class DistributedLockClientTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "orleanssync-lockclient-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task Acquire_TryWhileHeld_Release_ThenNextHolderGetsHigherToken()
    {
        await using var cluster = RaftGroupHarness.Build(_dataDirectory, new LockFactoryForTests());
        await cluster.DeployAsync();
        await using var first = Client(cluster.Client, "A");
        await using var second = Client(cluster.Client, "B");

        var handle = await first.AcquireAsync("orders/42", LockMode.Exclusive, TimeSpan.FromSeconds(5));
        var busy = await second.TryAcquireAsync("orders/42", LockMode.Exclusive);
        var held = await second.InspectAsync("orders/42");
        await handle.DisposeAsync();
        await using var next = await second.TryAcquireAsync("orders/42", LockMode.Exclusive);

        Assert.Null(busy);
        Assert.Equal(handle.LeaseId, Assert.Single(held!.Holders).LeaseId);
        Assert.NotNull(next);
        Assert.True(next.FencingToken > handle.FencingToken);
    }

    [Fact]
    public async Task ContendingClients_NeverHoldTogether_AndFencingNeverRejects()
    {
        await using var cluster = RaftGroupHarness.Build(_dataDirectory, new LockFactoryForTests());
        await cluster.DeployAsync();
        var resource = new FencedResource<int>(0);
        var holders = 0;
        var maxHolders = 0;
        var clients = Enumerable.Range(0, 5).Select(i => Client(cluster.Client, $"C{i}")).ToList();

        await Task.WhenAll(clients.Select(async client =>
        {
            for (var round = 0; round < 4; round++)
            {
                await using var handle = await client.AcquireAsync("hot", LockMode.Exclusive, TimeSpan.FromSeconds(30));
                var now = Interlocked.Increment(ref holders);
                InterlockedMax(ref maxHolders, now);
                resource.Write(handle.FencingToken, value => value + 1);
                Interlocked.Decrement(ref holders);
            }
        }));

        Assert.Equal(1, maxHolders);
        Assert.Equal(20, resource.Value);
        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }
    }

    [Fact]
    public async Task ContendingClients_SurviveTheLeadersSiloBeingKilled_WithoutDoubleGrants()
    {
        await using var cluster = RaftGroupHarness.Build(_dataDirectory, new LockFactoryForTests());
        await cluster.DeployAsync();
        var leader = await RaftGroupHarness.WaitForLeaderAsync(cluster.Client, "before kill", excluding: null);
        var resource = new FencedResource<int>(0);
        var holders = 0;
        var maxHolders = 0;
        var timedOut = 0;
        var halfway = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Failover in an in-process cluster also re-places surviving replicas (see ADR 0004); give
        // each command room to outlast it on a loaded machine.
        var clients = Enumerable.Range(0, 4).Select(i => Client(new GrainFactoryPeerResolver(cluster.Client), $"K{i}", requestTimeoutMs: 60_000)).ToList();

        var work = Task.WhenAll(clients.Select(async client =>
        {
            for (var round = 0; round < 6; round++)
            {
                try
                {
                    await using var handle = await client.AcquireAsync("hot", LockMode.Exclusive, TimeSpan.FromSeconds(20));
                    InterlockedMax(ref maxHolders, Interlocked.Increment(ref holders));
                    if (resource.Write(handle.FencingToken, value => value + 1) >= 8)
                    {
                        halfway.TrySetResult();
                    }

                    Interlocked.Decrement(ref holders);
                }
                catch (LockException exception) when (exception.Code == LockErrorCode.WaitTimedOut)
                {
                    Interlocked.Increment(ref timedOut);
                }
            }
        }));
        await halfway.Task.WaitAsync(RaftGroupHarness.PhaseTimeout);
        await cluster.KillSiloAsync(cluster.Silos.Single(s => s.Name == leader.Silo));
        await work.WaitAsync(TimeSpan.FromSeconds(150));

        Assert.Equal(1, maxHolders);
        Assert.Equal(24, resource.Value + timedOut); // every request was served or timed out
        // The killed leader's replica may come back on a live silo with its own log (shared data directory, ADR 0004).
        Assert.NotEqual(leader.Silo, (await RaftGroupHarness.WaitForLeaderElsewhereAsync(cluster.Client, "after kill", leader.Silo)).Silo);
        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }
    }

    [Fact]
    public async Task Acquire_WhileHeldElsewhere_TimesOutWithTypedError_AndLeavesNoWaiter()
    {
        await using var cluster = RaftGroupHarness.Build(_dataDirectory, new LockFactoryForTests());
        await cluster.DeployAsync();
        await using var holder = Client(cluster.Client, "A");
        await using var waiter = Client(cluster.Client, "B");
        await using var handle = await holder.AcquireAsync("x", LockMode.Exclusive, TimeSpan.Zero);

        var error = await Assert.ThrowsAsync<LockException>(() => waiter.AcquireAsync("x", LockMode.Exclusive, TimeSpan.FromMilliseconds(300)));

        Assert.Equal(LockErrorCode.WaitTimedOut, error.Code);
        Assert.Empty((await waiter.InspectAsync("x"))!.Waiters);
    }

    [Fact]
    public async Task QueuedWait_LongerThanTheLeaseTtl_WithoutNotification_EndsAsATimeout_NotAsADeadlockOrAnExpiry()
    {
        // Nothing aborts waits here (no deadlock detector), and no notification tells the waiter
        // why its wait ended; its own clock runs at half speed. It used to guess "deadlock" when
        // the lease expired under the wait; now the client keeps the lease alive while it waits
        // (issue 12), so the wait runs its full time and ends as not granted.
        await using var cluster = RaftGroupHarness.Build(_dataDirectory, new LockFactoryForTests());
        await cluster.DeployAsync();
        await using var holder = Client(cluster.Client, "A");
        await using var handle = await holder.AcquireAsync("x", LockMode.Exclusive, TimeSpan.Zero);
        await using var waiter = new DistributedLockClient(
            new LostNotificationsPeerResolver(cluster.Client),
            new DistributedLockClientOptions { GroupCount = 1, ReplicaCount = 3, Owner = "B" },
            new HalfSpeedTimeProvider());

        var grant = await waiter.AcquireLeasedAsync("x", LockMode.Exclusive, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(6));

        Assert.Null(grant);
        Assert.Empty((await holder.InspectAsync("x"))!.Waiters);
    }

    [Fact]
    public void FencedResource_RefusesAStaleToken()
    {
        var resource = new FencedResource<string>("initial");
        resource.Write(7, _ => "by 7");

        var stale = Assert.Throws<StaleFencingTokenException>(() => resource.Write(6, _ => "by 6"));

        Assert.Equal((6UL, 7UL), (stale.Token, stale.HighestSeen));
        Assert.Equal("by 7", resource.Value);
    }

    [Fact]
    public void LockGroupMap_IsStableAndSpreadsNames()
    {
        var map = new LockGroupMap(8);
        var groups = Enumerable.Range(0, 800).Select(i => map.GroupOf($"lock-{i}")).ToList();

        Assert.Equal(groups, Enumerable.Range(0, 800).Select(i => new LockGroupMap(8).GroupOf($"lock-{i}")));
        Assert.Equal(8, groups.Distinct().Count());
        Assert.All(groups.GroupBy(g => g), g => Assert.InRange(g.Count(), 40, 200)); // 100 each if perfectly even
    }

    private static DistributedLockClient Client(IGrainFactory grains, string owner) => Client(new GrainFactoryPeerResolver(grains), owner);

    private static DistributedLockClient Client(IRaftPeerResolver grains, string owner, int requestTimeoutMs = DistributedLockClientOptions.DefaultRequestTimeoutMs) =>
        new(grains, new DistributedLockClientOptions
        {
            GroupCount = 1,
            ReplicaCount = 3,
            Owner = owner,
            LeaseTtlMs = 30_000,
            RequestTimeoutMs = requestTimeoutMs,
        });

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
