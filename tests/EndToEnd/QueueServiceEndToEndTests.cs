using OrleansSync.Grains.Queues;
using Xunit.Abstractions;

namespace OrleansSync.EndToEnd;

/// <summary>
/// The built silo executables as three processes and the built console client: messages sent
/// (each acknowledged after commit) to a one-partition queue, then a SIGKILL of the silo hosting
/// that partition's Raft leader; every acknowledged message is still received afterwards.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class QueueServiceEndToEndTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Messages = 6; // each send is a client process (~3 s on 2 loaded cores): keeps the test under a minute
    private static readonly TimeSpan FailoverDeadline = TimeSpan.FromSeconds(40);

    private RedisFormCluster? _cluster;

    private RedisFormCluster Cluster => _cluster!;

    public async Task InitializeAsync() => _cluster = await RedisFormCluster.StartAsync(output, "orleanssync-e2e-queues-");

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task AcknowledgedSends_SurviveASigkillOfThePartitionLeadersSilo()
    {
        var client = Cluster.Client;
        Cluster.Expect(await client.RunAsync("queue", "create", "orders", "--partitions", "1"), 0);
        var sent = new HashSet<string>();
        for (var i = 0; i < Messages; i++)
        {
            Cluster.Expect(await client.RunAsync("queue", "send", "orders", $"order-{i}"), 0);
            sent.Add($"order-{i}");
        }

        Cluster.Phase($"{Messages} sends acknowledged");
        var status = await Cluster.StatusOnceReplicatedAsync();
        var victim = ClusterStatusJson.LeaderSiloOf(status, new QueuePartitionMap(ClusterStatusJson.GroupCount(status)).GroupOf("orders", 0));
        await Cluster.Silos.KillAsync(victim);
        Cluster.Phase($"killed {victim} (leader of orders/0's group) with SIGKILL");

        var received = new HashSet<string>();
        var attempts = new List<ClientResult>();
        using var deadline = new CancellationTokenSource(FailoverDeadline);
        while (!received.IsSupersetOf(sent) && !deadline.IsCancellationRequested && attempts.Count < 40)
        {
            var run = await client.RunAsync("queue", "receive", "orders", "--max", "10", "--wait", "2s", "--visibility", "5m", "--connect-timeout", "5s");
            attempts.Add(run);
            if (run.ExitCode == 0)
            {
                received.UnionWith(run.Json().GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("body").GetString()!));
            }
            else
            {
                await Task.Delay(500, CancellationToken.None);
            }
        }

        Cluster.Phase($"received {received.Count} distinct messages after the kill in {attempts.Count} receives");
        Assert.True(received.IsSupersetOf(sent), $"acknowledged but not received: {string.Join(",", sent.Except(received))}\n{string.Join('\n', attempts.TakeLast(3))}\n{Cluster.Silos.OutputOfAll()}");
    }
}
