using OrleansSync.Runtime.Testing;
using OrleansSync.Runtime.Tests.TestGrains;

namespace OrleansSync.Runtime.Tests.Cluster;

/// <summary>The same cluster behaviour over real TCP on loopback: the messaging transport and the membership agent.</summary>
public sealed class TcpClusterTests
{
    private static readonly TimeSpan StabilizeTimeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Tcp_CallsFromClientAndBetweenSilos_Work()
    {
        await using var cluster = await DeployAsync(3);
        var silos = new HashSet<string>();
        for (var i = 0; i < 20; i++)
        {
            silos.Add(await cluster.Client.GetGrain<IEchoGrain>($"tcp-{i}").SiloName());
        }

        Assert.True(silos.Count > 1);
        Assert.Equal("hop", await cluster.Client.GetGrain<IEchoGrain>("tcp-0").EchoThrough("tcp-1", "hop"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => cluster.Client.GetGrain<IEchoGrain>("tcp-fail").Fail("over tcp"));
    }

    [Fact]
    public async Task Tcp_KilledSilo_GrainReactivatesElsewhereWithPersistedState()
    {
        await using var cluster = await DeployAsync(3);
        var counter = cluster.Client.GetGrain<ICounterGrain>("tcp-survivor");
        await counter.Increment();
        Assert.Equal(2, await counter.Increment());
        var hostName = await counter.SiloName();

        await cluster.KillSiloAsync(cluster.Silos.Single(s => s.Name == hostName));
        await cluster.WaitForLivenessToStabilizeAsync(StabilizeTimeout);

        Assert.Equal(3, await counter.Increment());
        Assert.NotEqual(hostName, await counter.SiloName());
    }

    [Fact]
    public async Task Tcp_PartitionedSilo_IsDeclaredDeadByTheMajority()
    {
        await using var cluster = await DeployAsync(3);
        var minority = cluster.Silos[2];

        cluster.Partition([minority], cluster.Silos.Take(2));
        await cluster.WaitForViewAsync(v => !v.Contains(minority.Address), StabilizeTimeout);
        await cluster.WaitForLivenessToStabilizeAsync(StabilizeTimeout);

        Assert.False(minority.IsRunning);
        Assert.Equal(9, await cluster.Client.GetGrain<IEchoGrain>("tcp-after-partition").Add(4, 5));
    }

    [Fact]
    public async Task Tcp_RestartedSilo_JoinsWithANewGeneration()
    {
        await using var cluster = await DeployAsync(2);
        var victim = cluster.Silos[1];
        var old = victim.Address;

        var restarted = await cluster.RestartSiloAsync(victim);
        await cluster.WaitForLivenessToStabilizeAsync(StabilizeTimeout);

        Assert.Equal(old.Endpoint, restarted.Address.Endpoint);
        Assert.True(restarted.Address.Generation > old.Generation);
        Assert.DoesNotContain(old, await cluster.GetActiveSilosAsync());
    }

    private static async Task<TestCluster> DeployAsync(int silos)
    {
        var cluster = new TestClusterBuilder(silos).Configure(o => o.UseTcp = true).Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
