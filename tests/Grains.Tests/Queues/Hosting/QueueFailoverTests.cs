using System.Collections.Concurrent;
using OrleansSync.Grains.Queues;
using OrleansSync.Grains.Queues.Client;
using OrleansSync.Grains.Tests.Raft.Hosting;
using Xunit.Abstractions;
using static OrleansSync.Grains.Tests.Queues.Hosting.QueueClusterHarness;

namespace OrleansSync.Grains.Tests.Queues.Hosting;

/// <summary>Queue partitions survive the loss of their group leader's silo: no acknowledged send is lost.</summary>
public sealed class QueueFailoverTests(ITestOutputHelper output) : IDisposable
{
    private const string Queue = "durable";
    private const int Consumers = 2;
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "orleanssync-queuefailover-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task KillingTheLeadersSilo_WhileProducersAndConsumersRun_LosesNoAcknowledgedSend()
    {
        // One group, so the killed leader leads every partition; per-silo disks, as on separate machines.
        await using var cluster = Build(_dataDirectory, groups: 1, perSiloData: true);
        await cluster.DeployAsync();
        var leader = await RaftGroupHarness.WaitForLeaderAsync(cluster.Client, "before kill", excluding: null);
        // Failover also re-places the lost replica; give each command room to outlast it on a loaded machine.
        await using var queues = Client(cluster.Client, groups: 1, requestTimeoutMs: 60_000);
        // A short visibility: deliveries whose ack was lost in the failover come back soon.
        await queues.CreateQueueAsync(Queue, new QueueOptions { Partitions = 4, VisibilityTimeoutMs = 5_000 });

        var acknowledged = new ConcurrentDictionary<string, bool>();
        var unacknowledged = 0;
        async Task ProduceAsync(int from, int count)
        {
            for (var i = from; i < from + count; i++)
            {
                try
                {
                    await queues.SendAsync(Queue, Text($"m{i}"));
                    acknowledged[$"m{i}"] = true;
                }
                catch (TimeoutException)
                {
                    Interlocked.Increment(ref unacknowledged); // not acknowledged: it may or may not be delivered
                }
            }
        }

        // Consumers run from before the kill until every acknowledged send has been acked (or the budget ends).
        using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(240));
        var acked = new ConcurrentDictionary<string, int>();
        var outcomes = new ConcurrentDictionary<QueueHandlingOutcome, int>();
        var consumerRestarts = 0;
        var consumers = Enumerable.Range(0, Consumers).Select(_ => Task.Run(async () =>
        {
            await using var consumer = Client(cluster.Client, groups: 1, requestTimeoutMs: 60_000);
            var options = new QueueConsumeOptions { MaxMessages = 2, Wait = TimeSpan.FromSeconds(2), RetryBaseDelay = TimeSpan.Zero };
            while (!budget.IsCancellationRequested)
            {
                try
                {
                    await foreach (var handled in consumer.ConsumeAsync(Queue, (_, _) => Task.CompletedTask, options, budget.Token))
                    {
                        outcomes.AddOrUpdate(handled.Outcome, 1, (_, n) => n + 1);
                        if (handled.Outcome == QueueHandlingOutcome.Acked)
                        {
                            acked.AddOrUpdate(Text(handled.Message), 1, (_, n) => n + 1);
                        }
                    }
                }
                catch (Exception exception) when (exception is TimeoutException or QueueException && !budget.IsCancellationRequested)
                {
                    // A receive that outlived the failover; a real consumer starts again, as this one does.
                    Interlocked.Increment(ref consumerRestarts);
                }
            }
        })).ToArray();

        await ProduceAsync(0, 20);
        var duringKill = ProduceAsync(20, 20);
        await cluster.KillSiloAsync(cluster.Silos.Single(s => s.Name == leader.Silo));
        await duringKill.WaitAsync(TimeSpan.FromSeconds(150));
        await ProduceAsync(40, 10);

        while (!budget.IsCancellationRequested && !acknowledged.Keys.All(acked.ContainsKey))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), CancellationToken.None);
        }

        await budget.CancelAsync();
        await Task.WhenAll(consumers);
        var stats = await queues.GetStatsAsync(Queue);

        var context = $"acknowledged {acknowledged.Count} (timed out {unacknowledged}), acked by consumers {acked.Count}, "
            + $"outcomes {string.Join(",", outcomes.Select(o => $"{o.Key}={o.Value}"))}, consumer restarts {consumerRestarts}, "
            + $"left: visible {stats.Visible}, in flight {stats.InFlight}, delayed {stats.Delayed}, dead-lettered {stats.DeadLettered}";
        output.WriteLine(context);
        Assert.True(acknowledged.Count >= 30, $"too few sends were acknowledged: {context}");
        // Lost: acknowledged, never acked by a consumer, and not left in the queue or its dead letters either.
        var notAcked = acknowledged.Keys.Where(m => !acked.ContainsKey(m)).Order().ToList();
        var left = stats.Visible + stats.InFlight + stats.Delayed + stats.DeadLettered;
        Assert.True(notAcked.Count <= left, $"acknowledged but neither acked nor left in the queue: {string.Join(",", notAcked)}; {context}");
        Assert.True(notAcked.Count == 0, $"acknowledged but not acked within the budget (still queued): {string.Join(",", notAcked)}; {context}");
    }
}
