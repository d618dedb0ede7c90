using OrleansSync.Grains.Queues;

namespace OrleansSync.Grains.Tests.Queues;

public sealed class QueueTableTests
{
    private static QueueTableDriver Created(QueueOptions? options = null, QueueTableOptions? tableOptions = null)
    {
        var driver = new QueueTableDriver(tableOptions);
        Assert.Equal(QueueResultStatus.Ok, driver.Create(options).Status);
        return driver;
    }

    [Fact]
    public void Create_Defaults_ResolvesIssueDefaults()
    {
        var driver = Created();

        var options = driver.Table.GetOptions(QueueTableDriver.Queue)!;
        Assert.Equal(8, options.Partitions);
        Assert.Equal(30_000, options.VisibilityTimeoutMs);
        Assert.Equal(5, options.MaxDeliveries);
        Assert.Equal("orders.dlq", options.DeadLetterQueue);
        Assert.Equal(4L * 24 * 60 * 60 * 1000, options.RetentionMs);
        Assert.Equal(256 * 1024, options.MaxMessageBytes);
        Assert.Equal(5 * 60 * 1000, options.DedupWindowMs);
    }

    [Fact]
    public void Create_SameOptionsTwice_IsIdempotent_DifferentOptions_QueueAlreadyExists()
    {
        var driver = Created(new QueueOptions { Partitions = 4 });

        var again = driver.Create(new QueueOptions { Partitions = 4, DeadLetterQueue = "orders.dlq" });
        var different = driver.Create(new QueueOptions { Partitions = 5 });

        Assert.Equal((QueueResultStatus.Ok, 0L), (again.Status, again.Count));
        Assert.Equal(QueueErrorCode.QueueAlreadyExists, different.Error);
        Assert.Equal(4, driver.Table.GetOptions(QueueTableDriver.Queue)!.Partitions);
    }

    [Theory]
    [InlineData("", 8)]
    [InlineData("has/slash", 8)]
    [InlineData("ok", 0)]
    [InlineData("ok", 257)]
    public void Create_InvalidNameOrOptions_InvalidArgument(string name, int partitions)
    {
        var driver = new QueueTableDriver();

        var result = driver.Create(new QueueOptions { Partitions = partitions }, name);

        Assert.Equal(QueueErrorCode.InvalidArgument, result.Error);
        Assert.Equal(0, driver.Table.QueueCount);
    }

    [Fact]
    public void Create_OwnDeadLetterQueue_InvalidArgument() =>
        Assert.Equal(QueueErrorCode.InvalidArgument, new QueueTableDriver().Create(new QueueOptions { DeadLetterQueue = "orders" }).Error);

    [Fact]
    public void Create_BeyondMaxQueues_CapacityExceeded()
    {
        var driver = new QueueTableDriver(new QueueTableOptions { MaxQueues = 1 });
        driver.Create(queue: "a");

        Assert.Equal(QueueErrorCode.CapacityExceeded, driver.Create(queue: "b").Error);
    }

    [Fact]
    public void Commands_UnknownQueue_QueueNotFound()
    {
        var driver = new QueueTableDriver();
        var receipt = new QueueReceipt(0, 1, 1, 1);

        Assert.All(
            new QueueCommand[]
            {
                new SendCommand("nope", 0, [QueueTableDriver.Message("x")]), new ReceiveCommand("nope", 0, 1, 0, 0), new AckCommand("nope", receipt),
                new NackCommand("nope", receipt, 0), new ExtendCommand("nope", receipt, 1_000), new PurgeCommand("nope", 0, false),
                new RedriveCommand("nope", 0, 10), new DeleteQueueCommand("nope"),
            },
            command => Assert.Equal(QueueErrorCode.QueueNotFound, driver.Apply(command).Error));
    }

    [Fact]
    public void SendReceive_FifoPerPartition_HidesReceived()
    {
        var driver = Created();
        var ids = new[] { "a", "b", "c" }.Select(b => driver.Send(b).MessageId).ToArray();

        var first = driver.Receive(2);
        var second = driver.Receive(2);
        var third = driver.Receive(2);

        Assert.Equal(["a", "b"], first.Messages.Select(QueueTableDriver.Body));
        Assert.Equal(ids[..2], first.Messages.Select(m => m.MessageId));
        Assert.Equal("c", QueueTableDriver.Body(Assert.Single(second.Messages)));
        Assert.Empty(third.Messages);
        Assert.All(first.Messages, m => Assert.Equal(1u, m.DeliveryCount));
        Assert.Equal(driver.NowMs + 30_000, first.Messages[0].VisibleUntilMs);
        Assert.Equal((0L, 3L), (driver.Stats().Visible, driver.Stats().InFlight));
    }

    [Fact]
    public void Send_Batch_AllGetIncreasingIds()
    {
        var driver = Created();

        var result = driver.Apply(new SendCommand(QueueTableDriver.Queue, 3, [.. Enumerable.Range(0, 100).Select(i => QueueTableDriver.Message($"m{i}"))]));

        Assert.Equal(100, result.Sent.Count);
        Assert.True(result.Sent.Zip(result.Sent.Skip(1)).All(p => p.First.MessageId < p.Second.MessageId));
        Assert.All(result.Sent, s => Assert.Equal(3, s.Partition));
    }

    [Fact]
    public void Send_Limits_TypedErrors_NothingEnqueued()
    {
        var driver = Created(new QueueOptions { MaxMessageBytes = 10 }, new QueueTableOptions { MaxMessagesPerPartition = 2 });
        var queue = QueueTableDriver.Queue;

        Assert.Equal(QueueErrorCode.BatchTooLarge, driver.Apply(new SendCommand(queue, 0, [.. Enumerable.Range(0, 101).Select(_ => QueueTableDriver.Message("x"))])).Error);
        Assert.Equal(QueueErrorCode.InvalidArgument, driver.Apply(new SendCommand(queue, 0, [])).Error);
        Assert.Equal(QueueErrorCode.MessageTooLarge, driver.Apply(new SendCommand(queue, 0, [QueueTableDriver.Message("12345678901")])).Error);
        Assert.Equal(QueueErrorCode.MessageTooLarge, driver.Apply(new SendCommand(queue, 0, [new OutgoingMessage([1], [new("key", "valuevalue")], 0, null)])).Error);
        Assert.Equal(QueueErrorCode.InvalidArgument, driver.Apply(new SendCommand(queue, 8, [QueueTableDriver.Message("x")])).Error);
        Assert.Equal(QueueErrorCode.InvalidArgument, driver.Apply(new SendCommand(queue, 0, [QueueTableDriver.Message("x", delayMs: -1)])).Error);
        Assert.Equal(QueueErrorCode.InvalidArgument, driver.Apply(new SendCommand(queue, 0, [QueueTableDriver.Message("x", dedupId: "")])).Error);
        Assert.Equal(QueueErrorCode.InvalidArgument, driver.Apply(new SendCommand(queue, 0, [new OutgoingMessage([1], [new("k", "a"), new("k", "b")], 0, null)])).Error);
        Assert.Equal(0L, driver.Stats().Visible);

        Assert.Equal(QueueErrorCode.QueueFull, driver.Apply(new SendCommand(queue, 0, [.. Enumerable.Range(0, 3).Select(_ => QueueTableDriver.Message("x"))])).Error);
        Assert.Equal(0L, driver.Stats().Visible);
        driver.Send("a");
        driver.Send("b");
        Assert.Equal(QueueErrorCode.QueueFull, driver.Apply(new SendCommand(queue, 0, [QueueTableDriver.Message("c")])).Error);
        Assert.Equal(2L, driver.Stats().Visible);
    }

    [Fact]
    public void Send_DedupWithinWindow_ReturnsOriginalId_EnqueuesOnce_AfterWindowEnqueuesAgain()
    {
        var driver = Created(new QueueOptions { DedupWindowMs = 1_000 });

        var first = driver.Send("a", dedupId: "d1");
        driver.NowMs += 999;
        var repeat = driver.Send("a", dedupId: "d1");
        var batch = driver.Apply(new SendCommand(QueueTableDriver.Queue, 0, [QueueTableDriver.Message("b", dedupId: "d2"), QueueTableDriver.Message("b", dedupId: "d2")]));
        driver.NowMs += 1;
        var afterWindow = driver.Send("a", dedupId: "d1");

        Assert.Equal((first.MessageId, true), (repeat.MessageId, repeat.Duplicate));
        Assert.False(first.Duplicate);
        Assert.Equal(batch.Sent[0].MessageId, batch.Sent[1].MessageId);
        Assert.Equal((false, true), (batch.Sent[0].Duplicate, batch.Sent[1].Duplicate));
        Assert.NotEqual(first.MessageId, afterWindow.MessageId);
        Assert.Equal(3L, driver.Stats().Visible);
    }

    [Fact]
    public void Send_DuplicatesDoNotCountAgainstTheBound()
    {
        var driver = Created(tableOptions: new QueueTableOptions { MaxMessagesPerPartition = 1 });
        var first = driver.Send("a", dedupId: "d");

        var repeat = driver.Apply(new SendCommand(QueueTableDriver.Queue, 0, [QueueTableDriver.Message("a", dedupId: "d")]));
        var fresh = driver.Apply(new SendCommand(QueueTableDriver.Queue, 0, [QueueTableDriver.Message("b")]));

        Assert.Equal(new SentMessage(first.MessageId, 0, true), Assert.Single(repeat.Sent));
        Assert.Equal(QueueErrorCode.QueueFull, fresh.Error);
    }

    [Fact]
    public void Send_Delay_VisibleOnlyAtCommittedTime()
    {
        var driver = Created();
        driver.Send("late", delayMs: 5_000);

        Assert.Empty(driver.Receive().Messages);
        Assert.Equal(1L, driver.Stats().Delayed);
        Assert.Equal(driver.NowMs + 5_000, driver.Table.NextDeadlineMs);
        driver.NowMs += 4_999;
        Assert.Empty(driver.Receive().Messages);
        driver.NowMs += 1;
        Assert.Equal("late", QueueTableDriver.Body(Assert.Single(driver.Receive().Messages)));
    }

    [Fact]
    public void VisibilityTimeout_Redelivers_CountIncreases_OldReceiptStale_DeletesNothing()
    {
        var driver = Created();
        driver.Send("a");
        var first = driver.ReceiveOne(visibilityMs: 1_000);

        driver.Advance(1_000);
        var second = driver.ReceiveOne();
        var staleAck = driver.Ack(first.Receipt);

        Assert.Equal((first.MessageId, 2u), (second.MessageId, second.DeliveryCount));
        Assert.Equal(QueueErrorCode.ReceiptStale, staleAck.Error);
        Assert.Equal(1L, driver.Stats().InFlight);
        Assert.Equal(QueueResultStatus.Ok, driver.Ack(second.Receipt).Status);
        Assert.Equal((0L, 0L, 1L), (driver.Stats().InFlight, driver.Stats().Visible, driver.Stats().AckedTotal));
    }

    [Fact]
    public void Receipt_AfterVisibilityExpiredButNotRedelivered_IsStale()
    {
        var driver = Created();
        driver.Send("a");
        var delivery = driver.ReceiveOne(visibilityMs: 100);
        driver.Advance(100);

        Assert.Equal(QueueErrorCode.ReceiptStale, driver.Ack(delivery.Receipt).Error);
        Assert.Equal(1L, driver.Stats().Visible);
    }

    [Fact]
    public void Ack_Twice_SecondIsStale_NotReceivedAgain()
    {
        var driver = Created();
        driver.Send("a");
        var delivery = driver.ReceiveOne(visibilityMs: 100);

        Assert.Equal(QueueResultStatus.Ok, driver.Ack(delivery.Receipt).Status);
        Assert.Equal(QueueErrorCode.ReceiptStale, driver.Ack(delivery.Receipt).Error);
        driver.Advance(1_000);
        Assert.Empty(driver.Receive().Messages);
    }

    [Fact]
    public void AckBatch_MixOfFreshAndStale_AcksExactlyTheFresh_StaleDeleteNothing()
    {
        var driver = Created();
        driver.Send("a");
        driver.Send("b");
        driver.Send("c");
        var redelivered = driver.ReceiveOne(visibilityMs: 100);
        driver.Advance(100);
        var current = driver.Receive(3).Messages;
        var (a, b, c) = (current[0], current[1], current[2]);

        var result = driver.AckBatch(redelivered.Receipt, b.Receipt, c.Receipt, b.Receipt, a.Receipt with { Delivery = 9 });

        Assert.Equal((a.MessageId, 2u), (redelivered.MessageId, a.DeliveryCount));
        Assert.Equal(QueueResultStatus.Ok, result.Status);
        Assert.Equal(
            [QueueErrorCode.ReceiptStale, QueueErrorCode.None, QueueErrorCode.None, QueueErrorCode.ReceiptStale, QueueErrorCode.ReceiptStale], result.Outcomes);
        Assert.Equal((1L, 0L, 2L), (driver.Stats().InFlight, driver.Stats().Visible, driver.Stats().AckedTotal));
        driver.Advance(30_000);
        Assert.Equal(a.MessageId, Assert.Single(driver.Receive().Messages).MessageId);
    }

    [Fact]
    public void AckBatch_OnlyStale_OkWithEveryReceiptStale_NothingDeleted()
    {
        var driver = Created();
        driver.Send("a");
        var delivery = driver.ReceiveOne(visibilityMs: 100);
        driver.Advance(100);

        var result = driver.AckBatch(delivery.Receipt, new QueueReceipt(0, 99, 1, 1));

        Assert.Equal([QueueErrorCode.ReceiptStale, QueueErrorCode.ReceiptStale], result.Outcomes);
        Assert.Equal((1L, 0L), (driver.Stats().Visible, driver.Stats().AckedTotal));
    }

    [Fact]
    public void AckBatch_EmptyTooLargeOrForeignPartition_RefusedAsAWhole_NothingDeleted()
    {
        var driver = Created();
        driver.Send("a");
        var delivery = driver.ReceiveOne();
        var tooMany = Enumerable.Repeat(delivery.Receipt, QueueTable.MaxBatchMessages + 1).ToArray();

        Assert.Equal(QueueErrorCode.BatchTooLarge, driver.Apply(new AckBatchCommand(QueueTableDriver.Queue, 0, [])).Error);
        Assert.Equal(QueueErrorCode.BatchTooLarge, driver.Apply(new AckBatchCommand(QueueTableDriver.Queue, 0, tooMany)).Error);
        Assert.Equal(QueueErrorCode.InvalidArgument, driver.Apply(new AckBatchCommand(QueueTableDriver.Queue, 1, [delivery.Receipt])).Error);
        Assert.Equal(QueueErrorCode.InvalidArgument, driver.Apply(new AckBatchCommand(QueueTableDriver.Queue, 8, [delivery.Receipt])).Error);
        Assert.Equal(QueueErrorCode.QueueNotFound, driver.Apply(new AckBatchCommand("nope", 0, [delivery.Receipt])).Error);
        Assert.Equal(1L, driver.Stats().InFlight);
    }

    [Fact]
    public void Receipt_Forged_Stale_OutOfRangePartition_InvalidArgument()
    {
        var driver = Created();
        var sent = driver.Send("a");
        var delivery = driver.ReceiveOne();

        Assert.Equal(QueueErrorCode.ReceiptStale, driver.Ack(delivery.Receipt with { Delivery = 2 }).Error);
        Assert.Equal(QueueErrorCode.ReceiptStale, driver.Ack(delivery.Receipt with { ReceiveIndex = delivery.Receipt.ReceiveIndex + 1 }).Error);
        Assert.Equal(QueueErrorCode.ReceiptStale, driver.Ack(delivery.Receipt with { Partition = 1 }).Error);
        Assert.Equal(QueueErrorCode.InvalidArgument, driver.Ack(delivery.Receipt with { Partition = 8 }).Error);
        Assert.Equal(sent.MessageId, delivery.MessageId);
        Assert.Equal(1L, driver.Stats().InFlight);
    }

    [Fact]
    public void Nack_WithDelay_VisibleAfterDelay_NoDelay_VisibleAtOnce()
    {
        var driver = Created();
        driver.Send("a");

        Assert.Equal(QueueResultStatus.Ok, driver.Nack(driver.ReceiveOne().Receipt, delayMs: 2_000).Status);
        Assert.Empty(driver.Receive().Messages);
        driver.Advance(2_000);
        var again = driver.ReceiveOne();
        Assert.Equal(2u, again.DeliveryCount);
        Assert.Equal(QueueResultStatus.Ok, driver.Nack(again.Receipt).Status);
        Assert.Equal(3u, driver.ReceiveOne().DeliveryCount);
        Assert.Equal(QueueErrorCode.InvalidArgument, driver.Nack(again.Receipt, delayMs: QueueTable.MaxDelayMs + 1).Error);
    }

    [Fact]
    public void Extend_KeepsHidden_StaleAfterRedelivery()
    {
        var driver = Created();
        driver.Send("a");
        var delivery = driver.ReceiveOne(visibilityMs: 1_000);

        driver.NowMs += 900;
        var extended = driver.Apply(new ExtendCommand(QueueTableDriver.Queue, delivery.Receipt, 1_000));
        driver.Advance(500);

        Assert.Equal(driver.NowMs - 500 + 1_000, extended.VisibleUntilMs);
        Assert.Empty(driver.Receive().Messages);
        Assert.Equal(QueueErrorCode.InvalidArgument, driver.Apply(new ExtendCommand(QueueTableDriver.Queue, delivery.Receipt, 0)).Error);
        driver.Advance(500);
        Assert.Single(driver.Receive().Messages);
        Assert.Equal(QueueErrorCode.ReceiptStale, driver.Apply(new ExtendCommand(QueueTableDriver.Queue, delivery.Receipt, 1_000)).Error);
    }

    [Fact]
    public void MaxDeliveries_NackedTwice_DeadLettered_RedriveBringsItBack_SameId()
    {
        var driver = Created(new QueueOptions { MaxDeliveries = 2 });
        var sent = driver.Send("a");

        driver.Nack(driver.ReceiveOne(visibilityMs: 1_000).Receipt);
        driver.Nack(driver.ReceiveOne(visibilityMs: 1_000).Receipt);

        Assert.Equal((0L, 0L, 1L, 1L), (driver.Stats().Visible, driver.Stats().InFlight, driver.Stats().DeadLettered, driver.Stats().DeadLetteredTotal));
        Assert.Empty(driver.Receive().Messages);
        var redrive = driver.Apply(new RedriveCommand(QueueTableDriver.Queue, 0, 100));
        Assert.Equal(1L, redrive.Count);
        var back = driver.ReceiveOne();
        Assert.Equal((sent.MessageId, 1u), (back.MessageId, back.DeliveryCount));
        Assert.Equal(0L, driver.Stats().DeadLettered);
    }

    [Fact]
    public void MaxDeliveries_VisibilityTimeouts_DeadLetterOnExpiry()
    {
        var driver = Created(new QueueOptions { MaxDeliveries = 1 });
        driver.Send("a");
        driver.ReceiveOne(visibilityMs: 100);

        driver.Advance(100);

        Assert.Equal((0L, 1L), (driver.Stats().Visible, driver.Stats().DeadLettered));
    }

    [Fact]
    public void Retention_DropsOldMessagesAndDeadLetters()
    {
        var driver = Created(new QueueOptions { RetentionMs = 10_000, MaxDeliveries = 1 });
        driver.Send("dead");
        driver.Nack(driver.ReceiveOne().Receipt);
        driver.NowMs += 5_000;
        driver.Send("young");

        driver.Advance(5_000);

        Assert.Equal((1L, 0L), (driver.Stats().Visible, driver.Stats().DeadLettered));
        Assert.Equal(5_000L, driver.Stats().OldestMessageAgeMs);
        driver.Advance(5_000);
        Assert.Equal(0L, driver.Stats().Visible);
    }

    [Fact]
    public void Purge_MainQueue_ThenDeadLetters()
    {
        var driver = Created(new QueueOptions { MaxDeliveries = 1 });
        driver.Send("a");
        driver.Nack(driver.ReceiveOne().Receipt);
        driver.Send("b");
        driver.Send("c", delayMs: 1_000);

        var main = driver.Apply(new PurgeCommand(QueueTableDriver.Queue, 0, DeadLetters: false));
        var dead = driver.Apply(new PurgeCommand(QueueTableDriver.Queue, 0, DeadLetters: true));

        Assert.Equal((2L, 1L), (main.Count, dead.Count));
        Assert.Equal(new QueueStats(0, 0, 0, 0, 0, 3, 1, 0, 1, driver.NowMs), driver.Stats());
        Assert.Null(driver.Table.NextDeadlineMs);
    }

    [Fact]
    public void Delete_RemovesQueue_EndsWaits()
    {
        var driver = Created();
        var wait = driver.Receive(waitMs: 5_000);

        var delete = driver.Apply(new DeleteQueueCommand(QueueTableDriver.Queue));

        Assert.Equal(QueueResultStatus.Waiting, wait.Status);
        Assert.Equal([new QueueWaitEvent(wait.WaitId, QueueWaitEndReason.QueueDeleted)], delete.Events);
        Assert.False(driver.Table.IsWaiting(wait.WaitId));
        Assert.Null(driver.Table.GetOptions(QueueTableDriver.Queue));
        Assert.Null(driver.Table.NextDeadlineMs);
    }

    [Fact]
    public void LongPoll_WokenBySend_KeyedByReceiveIndex()
    {
        var driver = Created();
        var wait = driver.Receive(waitMs: 20_000);

        var otherPartition = driver.Apply(new SendCommand(QueueTableDriver.Queue, 1, [QueueTableDriver.Message("elsewhere")]));
        var delayed = driver.Apply(new SendCommand(QueueTableDriver.Queue, 0, [QueueTableDriver.Message("later", delayMs: 100)]));
        Assert.Empty(otherPartition.Events);
        Assert.Empty(delayed.Events);
        Assert.True(driver.Table.IsWaiting(wait.WaitId));

        var send = driver.Apply(new SendCommand(QueueTableDriver.Queue, 0, [QueueTableDriver.Message("now")]));

        Assert.Equal(driver.Index - 3, wait.WaitId);
        Assert.Equal([new QueueWaitEvent(wait.WaitId, QueueWaitEndReason.MessagesAvailable)], send.Events);
        Assert.False(driver.Table.IsWaiting(wait.WaitId));
    }

    [Fact]
    public void LongPoll_WokenByDelayEnd_OrTimesOutAtCommittedTime()
    {
        var driver = Created();
        var woken = driver.Receive(waitMs: 1_000);
        driver.Apply(new SendCommand(QueueTableDriver.Queue, 0, [QueueTableDriver.Message("later", delayMs: 500)]));
        var delayEnd = driver.Advance(500);
        driver.ReceiveOne();
        var timesOut = driver.Receive(waitMs: 1_000);
        var early = driver.Advance(999);
        var timeout = driver.Advance(1);

        Assert.Equal([new QueueWaitEvent(woken.WaitId, QueueWaitEndReason.MessagesAvailable)], delayEnd.Events);
        Assert.Empty(early.Events);
        Assert.Equal([new QueueWaitEvent(timesOut.WaitId, QueueWaitEndReason.TimedOut)], timeout.Events);
    }

    [Fact]
    public void LongPoll_BeyondWaitBound_AnswersEmptyAtOnce_WaitOverMax_InvalidArgument()
    {
        var driver = Created(tableOptions: new QueueTableOptions { MaxWaitsPerPartition = 1 });

        Assert.Equal(QueueResultStatus.Waiting, driver.Receive(waitMs: 1_000).Status);
        Assert.Equal(QueueResultStatus.Ok, driver.Receive(waitMs: 1_000).Status);
        Assert.Equal(QueueErrorCode.InvalidArgument, driver.Receive(waitMs: QueueTable.MaxWaitMs + 1).Error);
        Assert.Equal(QueueErrorCode.InvalidArgument, driver.Receive(max: 11).Error);
        Assert.Equal(QueueErrorCode.InvalidArgument, driver.Receive(max: 0).Error);
        Assert.Equal(QueueErrorCode.InvalidArgument, driver.Receive(visibilityMs: -1).Error);
    }

    [Fact]
    public void Redrive_Bounded_AndOutOfRange_InvalidArgument()
    {
        var driver = Created();

        Assert.Equal(QueueErrorCode.InvalidArgument, driver.Apply(new RedriveCommand(QueueTableDriver.Queue, 0, 0)).Error);
        Assert.Equal(QueueErrorCode.InvalidArgument, driver.Apply(new RedriveCommand(QueueTableDriver.Queue, 0, QueueTable.MaxRedriveMessages + 1)).Error);
        Assert.Equal(0L, driver.Apply(new RedriveCommand(QueueTableDriver.Queue, 0, 10)).Count);
    }

    [Fact]
    public void PartitionObjects_Bounded_CapacityExceeded()
    {
        var driver = Created(tableOptions: new QueueTableOptions { MaxPartitionObjects = 1 });
        driver.Send("a", partition: 0);

        Assert.Equal(QueueErrorCode.CapacityExceeded, driver.Apply(new SendCommand(QueueTableDriver.Queue, 1, [QueueTableDriver.Message("b")])).Error);
    }

    [Fact]
    public void Time_NeverGoesBack_StaleLeaderStampIgnored()
    {
        var driver = Created();
        driver.Send("a");
        driver.ReceiveOne(visibilityMs: 1_000);
        driver.NowMs += 2_000;
        driver.Apply(new QueueExpireCommand());

        driver.NowMs -= 1_500; // a new leader whose clock lags
        var redelivered = driver.ReceiveOne();

        Assert.Equal(2u, redelivered.DeliveryCount);
        Assert.Equal(driver.NowMs + 1_500, driver.Table.NowMs);
    }

    [Fact]
    public void Stats_CountsAndCounters()
    {
        var driver = Created();
        driver.Send("a");
        driver.Send("b");
        driver.Send("c", delayMs: 1_000);
        driver.NowMs += 300;
        driver.Ack(driver.ReceiveOne().Receipt);
        driver.ReceiveOne();

        Assert.Equal(new QueueStats(0, 1, 1, 0, 300, 3, 2, 1, 0, driver.NowMs), driver.Stats());
        Assert.Equal(QueueStats.Empty(driver.NowMs), driver.Table.GetStats(QueueTableDriver.Queue, 7));
        Assert.Null(driver.Table.GetStats(QueueTableDriver.Queue, 8));
        Assert.Null(driver.Table.GetStats("nope", 0));
    }
}
