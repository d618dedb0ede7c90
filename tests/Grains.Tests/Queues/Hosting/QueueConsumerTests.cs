using OrleansSync.Grains.Queues;
using OrleansSync.Grains.Queues.Client;
using OrleansSync.Grains.Tests.Raft.Hosting;
using static OrleansSync.Grains.Tests.Queues.Hosting.QueueClusterHarness;

namespace OrleansSync.Grains.Tests.Queues.Hosting;

/// <summary>
/// The handler-driven consumer (<see cref="DistributedQueueClient.ConsumeAsync(string, Func{DeliveredMessage, CancellationToken, Task}, QueueConsumeOptions?, CancellationToken)"/>)
/// against queue partitions on a three-silo InProcessTestCluster: heartbeats, ack on success, nack with backoff on failure.
/// </summary>
public sealed class QueueConsumerTests : IDisposable
{
    private const int Groups = 1;
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "orleanssync-queueconsumer-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task SlowHandler_KeepsItsMessageHiddenPastTheVisibilityTimeout_ThenAcks_AndAnEarlyStopGivesTheRestBack()
    {
        await using var cluster = Build(_dataDirectory, Groups);
        await cluster.DeployAsync();
        await using var queues = Client(cluster.Client, Groups);
        await using var other = Client(cluster.Client, Groups);
        await queues.CreateQueueAsync("slow", new QueueOptions { Partitions = 1 });
        await queues.SendBatchAsync("slow", [Text("first"), Text("second"), Text("third")]);
        var visibility = TimeSpan.FromSeconds(4);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var budget = new CancellationTokenSource(RaftGroupHarness.PhaseTimeout * 2);

        async Task<QueueHandledMessage> FirstHandledAsync()
        {
            var options = new QueueConsumeOptions { MaxMessages = 3, VisibilityTimeout = visibility };
            await foreach (var handled in queues.ConsumeAsync("slow", async (_, ct) =>
            {
                started.TrySetResult();
                await release.Task.WaitAsync(ct);
            }, options, budget.Token))
            {
                return handled; // stops early: the two other messages of the receive were never handled
            }

            throw new InvalidOperationException("the consumer ended without handling a message");
        }

        var consuming = FirstHandledAsync();
        await started.Task.WaitAsync(budget.Token);
        // Two and a half visibility timeouts: without heartbeats all three would be visible again.
        var meanwhile = await other.ReceiveAsync("slow", maxMessages: 10, wait: visibility * 2.5, cancellationToken: budget.Token);
        release.SetResult();
        var handled = await consuming;
        var stats = await queues.GetStatsAsync("slow", budget.Token);

        Assert.Empty(meanwhile);
        Assert.Equal(QueueHandlingOutcome.Acked, handled.Outcome);
        Assert.Equal(("first", 1u), (Text(handled.Message), handled.Message.DeliveryCount));
        Assert.True(handled.Extensions > 0, $"the held message outlived its visibility timeout with {handled.Extensions} extensions");
        Assert.Null(handled.Error);
        // Acked is gone; the two held but unhandled were nacked back at once, not left in flight.
        Assert.Equal((2L, 0L, 1L), (stats.Visible, stats.InFlight, stats.AckedTotal));
    }

    [Fact]
    public async Task FailingHandler_NacksWithBackoff_AndTheMessageComesBackWithAHigherDeliveryCount()
    {
        await using var cluster = Build(_dataDirectory, Groups);
        await cluster.DeployAsync();
        await using var queues = Client(cluster.Client, Groups);
        await queues.CreateQueueAsync("flaky", new QueueOptions { Partitions = 2 });
        var sent = await queues.SendAsync("flaky", Text("job"));
        var options = new QueueConsumeOptions { MaxMessages = 1, RetryBaseDelay = TimeSpan.FromSeconds(5), RetryMaxDelay = TimeSpan.FromSeconds(20) };
        using var budget = new CancellationTokenSource(RaftGroupHarness.PhaseTimeout * 2);
        var failure = new InvalidOperationException("first delivery fails");

        var handled = new List<QueueHandledMessage>();
        QueueStats? afterNack = null;
        await foreach (var outcome in queues.ConsumeAsync("flaky", (message, _) =>
            message.DeliveryCount == 1 ? Task.FromException(failure) : Task.CompletedTask, options, budget.Token))
        {
            handled.Add(outcome);
            if (outcome.Outcome != QueueHandlingOutcome.Nacked)
            {
                break;
            }

            afterNack = await queues.GetStatsAsync("flaky", budget.Token);
        }

        var stats = await queues.GetStatsAsync("flaky", budget.Token);

        Assert.Equal([QueueHandlingOutcome.Nacked, QueueHandlingOutcome.Acked], handled.Select(h => h.Outcome));
        Assert.All(handled, h => Assert.Equal(sent.MessageId, h.Message.MessageId));
        Assert.Equal([1u, 2u], handled.Select(h => h.Message.DeliveryCount));
        Assert.Same(failure, handled[0].Error);
        Assert.Equal(TimeSpan.FromSeconds(5), handled[0].RetryDelay); // the base, after the first delivery
        // Right after the nack the message waits out its backoff: delayed, neither visible nor in flight.
        Assert.Equal((0L, 0L, 1L), (afterNack!.Visible, afterNack.InFlight, afterNack.Delayed));
        Assert.Equal((0L, 0L, 1L), (stats.Visible, stats.Delayed, stats.AckedTotal));
    }
}
