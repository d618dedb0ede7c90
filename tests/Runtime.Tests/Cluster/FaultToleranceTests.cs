using OrleansSync.Runtime.Hosting;
using OrleansSync.Runtime.Testing;
using OrleansSync.Runtime.Tests.TestGrains;

namespace OrleansSync.Runtime.Tests.Cluster;

/// <summary>Each test gets its own cluster: these tests kill, restart and partition silos.</summary>
public sealed class FaultToleranceTests
{
    private static readonly TimeSpan StabilizeTimeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task KilledSilo_GrainReactivatesElsewhere_WithPersistedState()
    {
        await using var cluster = new TestClusterBuilder(3).Build();
        await cluster.DeployAsync();
        var counter = cluster.Client.GetGrain<ICounterGrain>("survivor");
        await counter.Increment();
        await counter.Increment();
        Assert.Equal(3, await counter.Increment());
        var hostName = await counter.SiloName();
        var host = cluster.Silos.Single(s => s.Name == hostName);

        await cluster.KillSiloAsync(host);
        await cluster.WaitForLivenessToStabilizeAsync(StabilizeTimeout);

        Assert.Equal(4, await counter.Increment());
        Assert.NotEqual(hostName, await counter.SiloName());
    }

    [Fact]
    public async Task CallRacingAKill_IsRetriedTransparentlyOnceTheSiloIsDeclaredDead()
    {
        // Enough retries to outlast failure detection even on a loaded machine (each waits for a newer view, at most 200 ms).
        await using var cluster = new TestClusterBuilder(3)
            .Configure(o => o.ResponseTimeoutMs = 15_000)
            .ConfigureSilo(s => s.Configure(o => o.MaxCallRetries = 30))
            .Build();
        await cluster.DeployAsync();
        var grain = cluster.Client.GetGrain<ICounterGrain>("racer");
        await grain.Increment();
        var hostName = await grain.SiloName();
        var host = cluster.Silos.Single(s => s.Name == hostName);

        await cluster.KillSiloAsync(host);

        // No wait for membership: the call fails over by itself (retries wait for a newer view).
        Assert.Equal(2, await grain.Increment());
    }

    [Fact]
    public async Task StoppedSilo_LeavesMembershipAndItsGrainsMove()
    {
        await using var cluster = new TestClusterBuilder(2).Build();
        await cluster.DeployAsync();
        var grain = cluster.Client.GetGrain<ICounterGrain>("mover");
        await grain.Increment();
        var hostName = await grain.SiloName();

        await cluster.StopSiloAsync(cluster.Silos.Single(s => s.Name == hostName));
        await cluster.WaitForLivenessToStabilizeAsync(StabilizeTimeout);

        Assert.Equal(2, await grain.Increment());
        Assert.NotEqual(hostName, await grain.SiloName());
    }

    [Fact]
    public async Task KilledSilo_IsDeclaredDead_AndRestartJoinsWithANewGeneration()
    {
        await using var cluster = new TestClusterBuilder(3).Build();
        await cluster.DeployAsync();
        var victim = cluster.Silos[1];
        var oldAddress = victim.Address;

        await cluster.KillSiloAsync(victim);
        await cluster.WaitForLivenessToStabilizeAsync(StabilizeTimeout);
        Assert.DoesNotContain(oldAddress, cluster.InProcessCluster.Membership.Current.ActiveSilos);

        var restarted = await cluster.RestartSiloAsync(victim);
        await cluster.WaitForLivenessToStabilizeAsync(StabilizeTimeout);

        Assert.Equal(oldAddress.Endpoint, restarted.Address.Endpoint);
        Assert.True(restarted.Address.Generation > oldAddress.Generation);
        Assert.Contains(restarted.Address, cluster.InProcessCluster.Membership.Current.ActiveSilos);
    }

    [Fact]
    public async Task PartitionedSilo_IsDeclaredDeadByTheMajority_AndStopsServing()
    {
        await using var cluster = new TestClusterBuilder(3).Build();
        await cluster.DeployAsync();
        var minority = cluster.Silos[2];
        var majority = cluster.Silos.Take(2).ToList();

        cluster.Partition([minority], majority);
        await cluster.WaitForViewAsync(v => !v.Contains(minority.Address), StabilizeTimeout);
        await cluster.WaitForLivenessToStabilizeAsync(StabilizeTimeout);

        var active = cluster.InProcessCluster.Membership.Current.ActiveSilos;
        Assert.Equal(majority.Select(s => s.Address).ToHashSet(), active.ToHashSet());
        Assert.False(minority.IsRunning);
        Assert.Equal(5, await cluster.Client.GetGrain<IEchoGrain>("after-partition").Add(2, 3));
    }

    [Fact]
    public async Task AdditionalSilo_JoinsAndTakesSomeGrains()
    {
        await using var cluster = new TestClusterBuilder(1).Build();
        await cluster.DeployAsync();
        for (var i = 0; i < 20; i++)
        {
            await cluster.Client.GetGrain<IEchoGrain>($"join-{i}").Echo("x");
        }

        var added = await cluster.StartAdditionalSiloAsync();
        await cluster.WaitForLivenessToStabilizeAsync(StabilizeTimeout);

        var names = new HashSet<string>();
        for (var i = 0; i < 20; i++)
        {
            names.Add(await cluster.Client.GetGrain<IEchoGrain>($"join-{i}").SiloName());
        }

        Assert.Contains(added.Name, names);
        Assert.Equal(2, names.Count);
    }
}
