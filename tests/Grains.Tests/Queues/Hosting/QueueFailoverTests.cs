using OrleansSync.Grains.Queues;
using OrleansSync.Grains.Queues.Client;
using OrleansSync.Grains.Tests.Raft.Hosting;
using static OrleansSync.Grains.Tests.Queues.Hosting.QueueClusterHarness;

namespace OrleansSync.Grains.Tests.Queues.Hosting;

/// <summary>Queue partitions survive the loss of their group leader's silo: no acknowledged send is lost.</summary>
public sealed class QueueFailoverTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "orleanssync-queuefailover-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task KillingTheLeadersSilo_LosesNoAcknowledgedSend_AndEveryOneIsStillReceived()
    {
        // One group, so the killed leader leads every partition; per-silo disks, as on separate machines.
        await using var cluster = Build(_dataDirectory, groups: 1, perSiloData: true);
        await cluster.DeployAsync();
        var leader = await RaftGroupHarness.WaitForLeaderAsync(cluster.Client, "before kill", excluding: null);
        // Failover also re-places the lost replica; give each command room to outlast it on a loaded machine.
        await using var queues = Client(cluster.Client, groups: 1, requestTimeoutMs: 60_000);
        await queues.CreateQueueAsync("durable", new QueueOptions { Partitions = 4 });

        var acknowledged = new List<string>();
        var unacknowledged = 0;
        async Task ProduceAsync(int from, int count)
        {
            for (var i = from; i < from + count; i++)
            {
                try
                {
                    await queues.SendAsync("durable", Text($"m{i}"));
                    acknowledged.Add($"m{i}");
                }
                catch (TimeoutException)
                {
                    unacknowledged++; // not acknowledged: it may or may not be delivered
                }
            }
        }

        await ProduceAsync(0, 20);
        var duringKill = ProduceAsync(20, 20);
        await cluster.KillSiloAsync(cluster.Silos.Single(s => s.Name == leader.Silo));
        await duringKill.WaitAsync(TimeSpan.FromSeconds(150));
        await ProduceAsync(40, 10);

        var received = new HashSet<string>();
        using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await foreach (var message in queues.ConsumeAsync("durable", new QueueConsumeOptions { Wait = TimeSpan.FromSeconds(2) }, budget.Token))
            {
                received.Add(Text(message));
                await queues.AckAsync("durable", message.Receipt, budget.Token);
                if (acknowledged.All(received.Contains))
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested)
        {
            // reported below as the messages that never came
        }

        Assert.True(acknowledged.Count >= 30, $"only {acknowledged.Count} sends were acknowledged ({unacknowledged} timed out)");
        var lost = acknowledged.Where(m => !received.Contains(m)).ToList();
        Assert.True(lost.Count == 0, $"acknowledged but never received: {string.Join(",", lost)}");
    }
}
