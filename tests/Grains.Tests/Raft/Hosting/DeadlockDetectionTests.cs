using OrleansSync.Grains.Interfaces.Locks;
using OrleansSync.Grains.Locks;
using OrleansSync.Grains.Locks.Client;
using OrleansSync.Grains.Locks.Detection;

namespace OrleansSync.Grains.Tests.Raft.Hosting;

/// <summary>Deadlock cycles of clients across lock groups, found and broken by the detector grain.</summary>
public sealed class DeadlockDetectionTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "orleanssync-deadlock-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    [Fact]
    public Task TwoClients_DeadlockedAcrossTwoGroups_TheYoungestIsAbortedWithTheCycle_TheOtherProceeds() =>
        RunCycleAsync(groupCount: 2, owners: ["alice", "bob"]);

    [Fact]
    public Task ThreeClients_DeadlockedAcrossThreeGroups_TheYoungestIsAbortedWithTheCycle_TheOthersProceed() =>
        RunCycleAsync(groupCount: 3, owners: ["alice", "bob", "carol"]);

    /// <summary>
    /// Owner i holds lock i, then waits for lock i+1 (the last waits for lock 0, closing the cycle
    /// and so being the youngest waiter). Only the last must be aborted; then the waits unwind.
    /// </summary>
    private async Task RunCycleAsync(int groupCount, string[] owners)
    {
        await using var cluster = LockClusterHarness.Build(_dataDirectory, groupCount);
        await cluster.DeployAsync();
        var names = LockClusterHarness.NamesInDistinctGroups("cycle", groupCount)[..owners.Length];
        var clients = owners.Select(o => LockClusterHarness.Client(cluster.Client, groupCount, o)).ToArray();
        var holds = new LockHandle[owners.Length];
        for (var i = 0; i < owners.Length; i++)
        {
            holds[i] = await clients[i].AcquireAsync(names[i], LockMode.Exclusive, TimeSpan.Zero);
        }

        var waits = new Task<LockHandle>[owners.Length];
        for (var i = 0; i < owners.Length; i++)
        {
            var wanted = names[(i + 1) % owners.Length];
            waits[i] = clients[i].AcquireAsync(wanted, LockMode.Exclusive, TimeSpan.FromSeconds(15));
            if (i < owners.Length - 1)
            {
                await WaitUntilQueuedAndClockPassedAsync(clients[i], wanted);
            }
        }

        var victim = owners.Length - 1;
        var aborted = await Assert.ThrowsAsync<LockException>(() => waits[victim].WaitAsync(RaftGroupHarness.PhaseTimeout));
        Assert.Equal(LockErrorCode.DeadlockDetected, aborted.Code);
        for (var i = 0; i < owners.Length; i++)
        {
            Assert.Contains($"{owners[i]} waits for {owners[(i + 1) % owners.Length]} on '{names[(i + 1) % owners.Length]}'", aborted.Message, StringComparison.Ordinal);
        }

        // The victim gives up its hold; each other owner in turn gets what it waited for and lets go.
        await holds[victim].DisposeAsync();
        for (var i = victim - 1; i >= 0; i--)
        {
            var granted = await waits[i].WaitAsync(RaftGroupHarness.PhaseTimeout);
            await granted.DisposeAsync();
            await holds[i].DisposeAsync();
        }

        var status = await cluster.Client.GetGrain<IDeadlockDetectorGrain>(DeadlockDetectorGrain.Key).GetStatus();
        Assert.Equal(1, status.Aborts);
        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }
    }

    /// <summary>
    /// Waits until the client's request on <paramref name="name"/> is queued, then until the clock
    /// (which the leaders stamp from) has passed its start, so the next wait is strictly younger.
    /// </summary>
    private static async Task WaitUntilQueuedAndClockPassedAsync(DistributedLockClient client, string name)
    {
        using var deadline = new CancellationTokenSource(RaftGroupHarness.PhaseTimeout);
        LockWaiterInfo? waiter;
        while ((waiter = (await client.InspectAsync(name, deadline.Token))?.Waiters.SingleOrDefault()) is null)
        {
            await Task.Yield();
            deadline.Token.ThrowIfCancellationRequested();
        }

        while (TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() <= waiter.WaitingSinceMs)
        {
            await Task.Yield();
            deadline.Token.ThrowIfCancellationRequested();
        }
    }
}
