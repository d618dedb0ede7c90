using OrleansSync.Runtime.Hosting;
using OrleansSync.Runtime.Testing;
using OrleansSync.Runtime.Tests.TestGrains;

namespace OrleansSync.Runtime.Tests.Cluster;

/// <summary>
/// The turn rules. A blocked request holds the gate open; with a mailbox of one, a queued
/// request is proven queued (not running) when the next one is rejected as overloaded.
/// </summary>
public sealed class TurnSchedulingTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task NonReentrantGrain_QueuedRequestWaitsForTheRunningOne()
    {
        await using var cluster = new TestClusterBuilder(1).ConfigureSilo(s => s.Configure(o => o.MailboxCapacity = 1)).Build();
        await cluster.DeployAsync();
        var grain = cluster.Client.GetGrain<ITurnGrain>("turns");
        var gateName = Guid.NewGuid().ToString();
        var gate = TestGates.Get(gateName);
        var blocked = grain.Block(gateName);
        await gate.Entered.Task.WaitAsync(Bound);

        var first = grain.Probe();
        var second = grain.Probe();
        var rejected = await Task.WhenAny(first, second).WaitAsync(Bound);
        await Assert.ThrowsAsync<GrainOverloadedException>(() => rejected);
        var queued = rejected == first ? second : first;
        Assert.False(queued.IsCompleted);
        gate.Released.TrySetResult();

        await blocked.WaitAsync(Bound);
        Assert.False(await queued.WaitAsync(Bound));
    }

    [Fact]
    public async Task ReentrantGrain_RequestProceedsWhileAnotherWaits()
    {
        await using var cluster = new TestClusterBuilder(1).Build();
        await cluster.DeployAsync();
        var grain = cluster.Client.GetGrain<IReentrantGrain>("reentrant");
        var gateName = Guid.NewGuid().ToString();
        var gate = TestGates.Get(gateName);
        var blocked = grain.Block(gateName);
        await gate.Entered.Task.WaitAsync(Bound);

        Assert.True(await grain.Probe().WaitAsync(Bound));
        Assert.False(blocked.IsCompleted);

        gate.Released.TrySetResult();
        await blocked.WaitAsync(Bound);
    }

    [Fact]
    public async Task AlwaysInterleaveMethod_RunsWhileANonReentrantRequestWaits()
    {
        await using var cluster = new TestClusterBuilder(1).Build();
        await cluster.DeployAsync();
        var grain = cluster.Client.GetGrain<ITurnGrain>("interleave");
        var gateName = Guid.NewGuid().ToString();
        var gate = TestGates.Get(gateName);
        var blocked = grain.Block(gateName);
        await gate.Entered.Task.WaitAsync(Bound);

        Assert.True(await grain.InterleavedProbe().WaitAsync(Bound));

        gate.Released.TrySetResult();
        await blocked.WaitAsync(Bound);
    }

    [Fact]
    public async Task BlockedCall_TimesOutWithAnErrorNamingGrainAndMethod()
    {
        await using var cluster = new TestClusterBuilder(1).Configure(o => o.ResponseTimeoutMs = 300).Build();
        await cluster.DeployAsync();
        var grain = cluster.Client.GetGrain<ITurnGrain>("slowpoke");
        var gateName = Guid.NewGuid().ToString();
        var gate = TestGates.Get(gateName);
        try
        {
            var ex = await Assert.ThrowsAsync<GrainCallTimeoutException>(() => grain.Block(gateName));

            Assert.Contains(typeof(ITurnGrain).FullName!, ex.Message);
            Assert.Contains("Block", ex.Message);
            Assert.Contains("slowpoke", ex.Message);
        }
        finally
        {
            gate.Released.TrySetResult();
        }
    }

    [Fact]
    public async Task GrainTimer_TicksAsTurnsThatNeverOverlap()
    {
        await using var cluster = new TestClusterBuilder(1).Build();
        await cluster.DeployAsync();
        var grain = cluster.Client.GetGrain<ITimerGrain>("ticker");
        var gateName = Guid.NewGuid().ToString();
        var gate = TestGates.Get(gateName);

        await grain.Start(gateName, 5);
        await gate.Entered.Task.WaitAsync(Bound);

        Assert.Equal(5, await grain.Ticks());
    }

    [Fact]
    public async Task DeactivateOnIdle_NextCallCreatesANewActivationThatReadsPersistedState()
    {
        await using var cluster = new TestClusterBuilder(1).Build();
        await cluster.DeployAsync();
        var grain = cluster.Client.GetGrain<ICounterGrain>("idle");
        await grain.Increment();
        Assert.Equal(1, await grain.Activations());

        await grain.DeactivateSoon();
        await TestGates.Get(CounterGrain.DeactivatedGateName("idle")).Entered.Task.WaitAsync(Bound);

        Assert.Equal(1, await grain.Get());
        Assert.Equal(2, await grain.Activations());
    }
}
