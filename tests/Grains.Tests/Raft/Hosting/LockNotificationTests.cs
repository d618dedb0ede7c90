using OrleansSync.Grains.Interfaces.Locks;
using OrleansSync.Grains.Locks.Client;

namespace OrleansSync.Grains.Tests.Raft.Hosting;

/// <summary>Queued acquires learn of their end from the leader (long-poll), not by polling.</summary>
public sealed class LockNotificationTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "orleanssync-locknotify-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task QueuedAcquire_IsGrantedByNotification_WhenTheHolderReleases()
    {
        await using var cluster = RaftGroupHarness.Build(_dataDirectory, new LockFactoryForTests());
        await cluster.DeployAsync();
        await using var holder = Client(cluster.Client, "holder");
        await using var waiter = Client(cluster.Client, "waiter");
        var held = await holder.AcquireAsync("orders/42", LockMode.Exclusive, TimeSpan.Zero);

        var acquiring = waiter.AcquireAsync("orders/42", LockMode.Exclusive, TimeSpan.FromSeconds(8));
        await WaitUntilQueuedAsync(holder, "orders/42", 1);
        await held.DisposeAsync();
        await using var granted = await acquiring.WaitAsync(RaftGroupHarness.PhaseTimeout);

        Assert.True(granted.FencingToken > held.FencingToken);
        Assert.Equal((1L, 0L), (waiter.OutcomesByNotification, waiter.OutcomesByRead));
    }

    [Fact]
    public async Task LongPoll_CancelledByItsCaller_EndsAsCancelled_InsteadOfRunningToItsTimeout()
    {
        await using var cluster = RaftGroupHarness.Build(_dataDirectory, new LockFactoryForTests());
        await cluster.DeployAsync();
        var leader = await RaftGroupHarness.WaitForLeaderAsync(cluster.Client, "initial layout", excluding: null);
        using var cancellation = new CancellationTokenSource();

        // A key above the applied index may still be notified, so the leader waits for it.
        var polling = RaftGroupHarness.Peer(cluster.Client, leader.Replica).WaitForOutcome(ulong.MaxValue / 2, 25_000, cancellation.Token);
        await Task.Delay(200, CancellationToken.None); // let the call reach the leader before it is cancelled
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => polling);
    }

    [Fact]
    public async Task QueuedAcquire_LearnsOfItsTimeoutByNotification_AndLeavesNoWaiter()
    {
        await using var cluster = RaftGroupHarness.Build(_dataDirectory, new LockFactoryForTests());
        await cluster.DeployAsync();
        await using var holder = Client(cluster.Client, "holder");
        await using var waiter = Client(cluster.Client, "waiter");
        await using var held = await holder.AcquireAsync("x", LockMode.Exclusive, TimeSpan.Zero);

        var error = await Assert.ThrowsAsync<LockException>(() => waiter.AcquireAsync("x", LockMode.Exclusive, TimeSpan.FromMilliseconds(500)));

        Assert.Equal(LockErrorCode.WaitTimedOut, error.Code);
        Assert.Equal((1L, 0L), (waiter.OutcomesByNotification, waiter.OutcomesByRead));
        Assert.Empty((await waiter.InspectAsync("x"))!.Waiters);
    }

    /// <summary>Reads the lock until <paramref name="count"/> requests wait on it (bounded by the phase timeout).</summary>
    internal static async Task WaitUntilQueuedAsync(DistributedLockClient client, string name, int count)
    {
        using var deadline = new CancellationTokenSource(RaftGroupHarness.PhaseTimeout);
        while ((await client.InspectAsync(name, deadline.Token))?.Waiters.Count != count)
        {
            await Task.Yield();
            deadline.Token.ThrowIfCancellationRequested();
        }
    }

    private static DistributedLockClient Client(IGrainFactory grains, string owner) => Client(new GrainFactoryPeerResolver(grains), owner);

    private static DistributedLockClient Client(IRaftPeerResolver grains, string owner) =>
        new(grains, new DistributedLockClientOptions
        {
            GroupCount = 1,
            ReplicaCount = 3,
            Owner = owner,
            NotificationWaitMs = 9_000, // one long-poll covers the whole wait: no fallback read is needed
        });
}
