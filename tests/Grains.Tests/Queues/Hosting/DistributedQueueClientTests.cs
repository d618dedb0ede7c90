using OrleansSync.Grains.Queues;
using OrleansSync.Grains.Queues.Client;
using OrleansSync.Grains.Tests.Raft.Hosting;
using static OrleansSync.Grains.Tests.Queues.Hosting.QueueClusterHarness;

namespace OrleansSync.Grains.Tests.Queues.Hosting;

/// <summary>The queue client against queue partitions hosted by Raft groups on a three-silo InProcessTestCluster.</summary>
public sealed class DistributedQueueClientTests : IDisposable
{
    private const int Groups = 2;
    private static readonly TimeSpan LongPoll = TimeSpan.FromSeconds(20);
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "orleanssync-queueclient-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task Send_Receive_Ack_RoundTrip_OverPartitionsInSeveralGroups()
    {
        await using var cluster = Build(_dataDirectory, Groups);
        await cluster.DeployAsync();
        await using var queues = Client(cluster.Client, Groups);
        await queues.CreateQueueAsync("orders", new QueueOptions { Partitions = 4 });

        var single = await queues.SendAsync("orders", Text("one") with { Attributes = [new("kind", "first")] });
        var batch = await queues.SendBatchAsync("orders", [Text("two") with { PartitionKey = "k" }, Text("three") with { PartitionKey = "k" }, Text("four")]);
        var received = await queues.ReceiveAsync("orders", maxMessages: 10);
        foreach (var message in received)
        {
            await queues.AckAsync("orders", message.Receipt);
        }

        var stats = await queues.GetStatsAsync("orders");
        var afterAck = await queues.ReceiveAsync("orders", maxMessages: 10);

        Assert.Equal(["four", "one", "three", "two"], received.Select(Text).Order());
        Assert.All(received, m => Assert.Equal(1u, m.DeliveryCount));
        Assert.Equal(batch[0].Partition, batch[1].Partition); // one key, one partition
        Assert.True(batch[0].MessageId < batch[1].MessageId);
        Assert.Equal("first", Assert.Single(received.Single(m => m.MessageId == single.MessageId && m.Partition == single.Partition).Attributes).Value);
        Assert.Equal((0, 0, 4, 4), (stats.Visible, stats.InFlight, stats.SentTotal, stats.AckedTotal));
        Assert.Empty(afterAck);
    }

    [Fact]
    public async Task VisibilityTimeout_RedeliversTheMessage_WithAHigherDeliveryCount_AndTheOldReceiptIsStale()
    {
        await using var cluster = Build(_dataDirectory, Groups);
        await cluster.DeployAsync();
        await using var queues = Client(cluster.Client, Groups);
        await queues.CreateQueueAsync("jobs", new QueueOptions { Partitions = 1 });
        var sent = await queues.SendAsync("jobs", Text("job"));

        var first = Assert.Single(await queues.ReceiveAsync("jobs", visibilityTimeout: TimeSpan.FromMilliseconds(200)));
        var second = Assert.Single(await queues.ReceiveAsync("jobs", wait: LongPoll)); // visible again once the timeout ends
        var stale = await Assert.ThrowsAsync<QueueException>(() => queues.AckAsync("jobs", first.Receipt));
        await queues.AckAsync("jobs", second.Receipt);

        Assert.Equal((sent.MessageId, sent.MessageId), (first.MessageId, second.MessageId));
        Assert.Equal((1u, 2u), (first.DeliveryCount, second.DeliveryCount));
        Assert.Equal(QueueErrorCode.ReceiptStale, stale.Code);
        Assert.Equal("receipt-stale", stale.WireCode);
        Assert.Equal(1, (await queues.GetStatsAsync("jobs")).AckedTotal);
    }

    [Fact]
    public async Task AckBatch_AcksExactlyTheFreshReceipts_AcrossPartitions_AndAStaleOneDeletesNothing()
    {
        await using var cluster = Build(_dataDirectory, Groups);
        await cluster.DeployAsync();
        await using var queues = Client(cluster.Client, Groups);
        await queues.CreateQueueAsync("batch", new QueueOptions { Partitions = 2 });
        await queues.SendBatchAsync("batch", [Text("a"), Text("b"), Text("c"), Text("d")]);
        using var budget = new CancellationTokenSource(RaftGroupHarness.PhaseTimeout * 2);

        var early = Assert.Single(await queues.ReceiveAsync("batch", visibilityTimeout: TimeSpan.FromMilliseconds(300), cancellationToken: budget.Token));
        var held = new List<DeliveredMessage>();
        while (held.Count < 4)
        {
            // The early one comes back once its 300 ms are over, as delivery 2; the others stay hidden for the default 30 s.
            held.AddRange(await queues.ReceiveAsync("batch", maxMessages: 10, wait: LongPoll, cancellationToken: budget.Token));
        }

        var redelivered = held.Single(m => m.MessageId == early.MessageId && m.Partition == early.Partition);
        var others = held.Where(m => m != redelivered).ToArray();
        var outcomes = await queues.AckBatchAsync("batch", [early.Receipt, .. others.Select(m => m.Receipt)], budget.Token);
        var stats = await queues.GetStatsAsync("batch", budget.Token);

        Assert.Equal(2u, redelivered.DeliveryCount);
        Assert.Equal(2, others.Select(m => m.Partition).Append(early.Partition).Distinct().Count()); // round-robin: both partitions in the batch
        Assert.Equal([QueueErrorCode.ReceiptStale, QueueErrorCode.None, QueueErrorCode.None, QueueErrorCode.None], outcomes);
        Assert.Equal((0, 1, 3), (stats.Visible, stats.InFlight, stats.AckedTotal)); // the stale receipt left the redelivered message in flight
        await queues.AckAsync("batch", redelivered.Receipt, budget.Token);
        Assert.Equal(4, (await queues.GetStatsAsync("batch", budget.Token)).AckedTotal);
        await Assert.ThrowsAsync<QueueException>(() => queues.AckBatchAsync("batch", [], budget.Token));
    }

    [Fact]
    public async Task MaxDeliveries_MovesTheMessageToTheDeadLetters_WithItsId_AndRedriveBringsItBack()
    {
        await using var cluster = Build(_dataDirectory, Groups);
        await cluster.DeployAsync();
        await using var queues = Client(cluster.Client, Groups);
        await queues.CreateQueueAsync("mail", new QueueOptions { Partitions = 2, MaxDeliveries = 2 });
        var sent = await queues.SendAsync("mail", Text("poison"));

        for (var round = 0; round < 2; round++)
        {
            var delivery = Assert.Single(await queues.ReceiveAsync("mail", wait: LongPoll));
            await queues.NackAsync("mail", delivery.Receipt);
        }

        var deadLettered = await queues.GetStatsAsync("mail");
        var nothingVisible = await queues.ReceiveAsync("mail");
        var redriven = await queues.RedriveAsync("mail");
        var back = Assert.Single(await queues.ReceiveAsync("mail", wait: LongPoll));

        Assert.Equal((0, 0, 1, 1), (deadLettered.Visible, deadLettered.InFlight, deadLettered.DeadLettered, deadLettered.DeadLetteredTotal));
        Assert.Empty(nothingVisible);
        Assert.Equal(1, redriven);
        Assert.Equal((sent.MessageId, sent.Partition, 1u), (back.MessageId, back.Partition, back.DeliveryCount));
        Assert.Equal("poison", Text(back));
    }

    [Fact]
    public async Task Dedup_WithinTheWindow_ReturnsTheOriginalId_AndEnqueuesOnce_AndPurgeEmptiesTheQueue()
    {
        await using var cluster = Build(_dataDirectory, Groups);
        await cluster.DeployAsync();
        await using var queues = Client(cluster.Client, Groups);
        await queues.CreateQueueAsync("payments");

        var original = await queues.SendAsync("payments", Text("pay 10") with { DedupId = "payment-7" });
        var repeat = await queues.SendAsync("payments", Text("pay 10 again") with { DedupId = "payment-7" });
        var other = await queues.SendAsync("payments", Text("pay 20") with { DedupId = "payment-8" });
        var stats = await queues.GetStatsAsync("payments");
        var purged = await queues.PurgeAsync("payments");

        Assert.False(original.Duplicate);
        Assert.True(repeat.Duplicate);
        Assert.Equal((original.MessageId, original.Partition), (repeat.MessageId, repeat.Partition));
        Assert.False(other.Duplicate);
        Assert.Equal((2, 2), (stats.Visible, stats.SentTotal));
        Assert.Equal(2, purged);
        Assert.Equal(0, (await queues.GetStatsAsync("payments")).Visible);
    }

    [Fact]
    public async Task LongPoll_IsWokenByASend_AndReturnsTheMessage()
    {
        await using var cluster = Build(_dataDirectory, Groups);
        await cluster.DeployAsync();
        var signalling = new WaitSignallingPeerResolver(cluster.Client);
        await using var consumer = Client(signalling, Groups);
        await using var producer = Client(cluster.Client, Groups);
        await producer.CreateQueueAsync("events", new QueueOptions { Partitions = 4 });

        var receive = consumer.ReceiveAsync("events", wait: LongPoll);
        await signalling.FirstWait.WaitAsync(RaftGroupHarness.PhaseTimeout); // the receive found nothing and waits
        var sent = await producer.SendAsync("events", Text("wake up"));
        var received = Assert.Single(await receive.WaitAsync(RaftGroupHarness.PhaseTimeout));

        Assert.Equal((sent.MessageId, "wake up"), (received.MessageId, Text(received)));
        Assert.Equal(1, consumer.WakeupsByNotification);
    }

    [Fact]
    public async Task Consumer_StreamsEveryMessage_AndWhatItAckedIsGone_AndErrorsAreTyped()
    {
        await using var cluster = Build(_dataDirectory, Groups);
        await cluster.DeployAsync();
        await using var queues = Client(cluster.Client, Groups);
        await queues.CreateQueueAsync("stream", new QueueOptions { Partitions = 3 });
        await queues.SendBatchAsync("stream", [.. Enumerable.Range(0, 12).Select(i => Text($"m{i}"))]);
        using var budget = new CancellationTokenSource(RaftGroupHarness.PhaseTimeout);

        var seen = new List<string>();
        await foreach (var message in queues.ConsumeAsync("stream", new QueueConsumeOptions { MaxMessages = 5 }, budget.Token))
        {
            seen.Add(Text(message));
            await queues.AckAsync("stream", message.Receipt, budget.Token);
            if (seen.Count == 12)
            {
                break;
            }
        }

        var missing = await Assert.ThrowsAsync<QueueException>(() => queues.SendAsync("no-such-queue", Text("x")));
        var tooMany = await Assert.ThrowsAsync<QueueException>(() => queues.SendBatchAsync("stream", [.. Enumerable.Range(0, 101).Select(i => Text("x"))]));
        var tooManyPartitions = await Assert.ThrowsAsync<QueueException>(() => queues.CreateQueueAsync("wide", new QueueOptions { Partitions = 257 }));

        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"m{i}").Order(), seen.Order());
        Assert.Equal(0, (await queues.GetStatsAsync("stream")).Visible);
        Assert.Equal(QueueErrorCode.QueueNotFound, missing.Code);
        Assert.Equal(QueueErrorCode.BatchTooLarge, tooMany.Code);
        Assert.Equal(QueueErrorCode.InvalidArgument, tooManyPartitions.Code);
    }
}
