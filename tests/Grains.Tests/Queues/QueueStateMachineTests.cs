using OrleansSync.Grains.Queues;
using OrleansSync.Grains.Raft.StateMachines;

namespace OrleansSync.Grains.Tests.Queues;

public sealed class QueueStateMachineTests
{
    private static QueueResult Apply(QueueStateMachine machine, ulong index, long timeMs, QueueCommand command) =>
        QueueWireCodec.DecodeResult(machine.Apply(index, timeMs, QueueCommandCodec.Encode(command)).Span);

    [Fact]
    public void Apply_MalformedBytes_InvalidArgument_IndexConsumed()
    {
        var machine = new QueueStateMachine(new QueueTableOptions());

        var result = QueueWireCodec.DecodeResult(machine.Apply(1, 500, new byte[] { 1, 200 }).Span);

        Assert.Equal(QueueErrorCode.InvalidArgument, result.Error);
        Assert.Equal((1UL, 500L), (machine.Table.LastAppliedIndex, machine.Table.NowMs));
    }

    [Fact]
    public void LongPoll_NotifiesByReceiveIndex_MayNotifyUntilEnded()
    {
        var machine = new QueueStateMachine(new QueueTableOptions());
        Apply(machine, 1, 0, new CreateQueueCommand("q", new QueueOptions()));
        Assert.True(machine.MayNotify(2)); // the receive at 2 is not applied yet

        var wait = Apply(machine, 2, 0, new ReceiveCommand("q", 0, 1, 0, 5_000));
        Assert.Equal((QueueResultStatus.Waiting, 2UL), (wait.Status, wait.WaitId));
        Assert.True(machine.MayNotify(2));
        Assert.Empty(machine.TakeNotifications());

        Apply(machine, 3, 10, new SendCommand("q", 0, [new OutgoingMessage([1], [], 0, null)]));
        var notification = Assert.Single(machine.TakeNotifications());

        Assert.Equal(2UL, notification.Key);
        Assert.Equal(new QueueWaitEvent(2, QueueWaitEndReason.MessagesAvailable), QueueWireCodec.DecodeWaitEvent(notification.Payload));
        Assert.False(machine.MayNotify(2));
        Assert.False(machine.MayNotify(1));
    }

    [Fact]
    public void Expire_RunsDueTimeouts_NextDeadline()
    {
        var machine = new QueueStateMachine(new QueueTableOptions());
        Apply(machine, 1, 0, new CreateQueueCommand("q", new QueueOptions()));
        Apply(machine, 2, 0, new ReceiveCommand("q", 0, 1, 0, 5_000));

        Assert.Equal(5_000, machine.NextDeadlineMs);
        machine.Expire(3, 5_000);

        Assert.Equal(new QueueWaitEvent(2, QueueWaitEndReason.TimedOut), Assert.Single(machine.TakeEvents()));
        Assert.Null(machine.NextDeadlineMs);
    }

    [Fact]
    public void Query_StatsAndOptions_MalformedThrows()
    {
        var machine = new QueueStateMachine(new QueueTableOptions());
        Apply(machine, 1, 0, new CreateQueueCommand("q", new QueueOptions { Partitions = 2 }));
        Apply(machine, 2, 0, new SendCommand("q", 1, [new OutgoingMessage([1], [], 0, null)]));

        var stats = QueueWireCodec.DecodeStats(machine.Query(QueueWireCodec.EncodeStatsQuery("q", 1)).Span);
        var options = QueueWireCodec.DecodeOptions(machine.Query(QueueWireCodec.EncodeOptionsQuery("q")).Span);

        Assert.Equal(1L, stats!.Visible);
        Assert.Equal(2, options!.Partitions);
        Assert.Null(QueueWireCodec.DecodeOptions(machine.Query(QueueWireCodec.EncodeOptionsQuery("other")).Span));
        Assert.Throws<CommandFormatException>(() => machine.Query(new byte[] { 99 }));
    }

    [Fact]
    public void Query_Listing_NamesEveryQueue_WithTheStatsOfTheUsedPartitionsOnly()
    {
        var machine = new QueueStateMachine(new QueueTableOptions());
        Apply(machine, 1, 0, new CreateQueueCommand("b", new QueueOptions { Partitions = 3 }));
        Apply(machine, 2, 0, new CreateQueueCommand("a", new QueueOptions { Partitions = 1 }));
        Apply(machine, 3, 40, new SendCommand("b", 2, [new OutgoingMessage([1], [], 0, null), new OutgoingMessage([2], [], 0, null)]));
        Apply(machine, 4, 100, new ReceiveCommand("b", 2, 1, 1_000, 0));

        var listing = QueueWireCodec.DecodeListing(machine.Query(QueueWireCodec.EncodeListingQuery()).Span);

        Assert.Equal(100, listing.NowMs);
        Assert.Equal(["a", "b"], listing.Queues.Select(q => q.Name));
        Assert.Equal([1, 3], listing.Queues.Select(q => q.Partitions));
        Assert.Empty(listing.Queues[0].UsedPartitions);
        var used = Assert.Single(listing.Queues[1].UsedPartitions);
        Assert.Equal(2, used.Partition);
        Assert.Equal(QueueWireCodec.DecodeStats(machine.Query(QueueWireCodec.EncodeStatsQuery("b", 2)).Span), used.Stats);
        Assert.Equal((1L, 1L, 2L), (used.Stats.Visible, used.Stats.InFlight, used.Stats.SentTotal));
    }

    [Fact]
    public void DecodeListing_TruncatedOrTrailingBytes_Throws()
    {
        var machine = new QueueStateMachine(new QueueTableOptions());
        Apply(machine, 1, 0, new CreateQueueCommand("q", new QueueOptions { Partitions = 2 }));
        Apply(machine, 2, 0, new SendCommand("q", 1, [new OutgoingMessage([1], [], 0, null)]));
        var bytes = machine.Query(QueueWireCodec.EncodeListingQuery()).ToArray();

        Assert.Throws<CommandFormatException>(() => QueueWireCodec.DecodeListing(bytes[..^1]));
        Assert.Throws<CommandFormatException>(() => QueueWireCodec.DecodeListing([.. bytes, 0]));
        Assert.Throws<CommandFormatException>(() => machine.Query(new byte[] { (byte)QueueQueryKind.Listing, 0 }));
    }

    [Fact]
    public void Restore_Malformed_Throws_LeavesEmptyTable()
    {
        var machine = new QueueStateMachine(new QueueTableOptions());
        Apply(machine, 1, 0, new CreateQueueCommand("q", new QueueOptions()));
        var snapshot = machine.Snapshot();

        Assert.Throws<CommandFormatException>(() => machine.Restore(snapshot[..^1]));
        Assert.Equal(0, machine.Table.QueueCount);
        machine.Restore(snapshot);
        Assert.Equal(1, machine.Table.QueueCount);
        Assert.Equal(snapshot, machine.Snapshot());
    }

    [Fact]
    public void AckBatch_ThroughBytes_OutcomesPerReceipt_SnapshotRoundTripsAndReplaysAlike()
    {
        var machine = new QueueStateMachine(new QueueTableOptions());
        Apply(machine, 1, 0, new CreateQueueCommand("q", new QueueOptions { Partitions = 1 }));
        Apply(machine, 2, 0, new SendCommand("q", 0, [new OutgoingMessage([1], [], 0, null), new OutgoingMessage([2], [], 0, null)]));
        var delivered = Apply(machine, 3, 0, new ReceiveCommand("q", 0, 2, 1_000, 0)).Messages;
        var restored = new QueueStateMachine(new QueueTableOptions());
        restored.Restore(machine.Snapshot());
        var batch = new AckBatchCommand("q", 0, [delivered[0].Receipt, delivered[0].Receipt with { Delivery = 2 }]);

        var result = Apply(machine, 4, 10, batch);
        var replayed = Apply(restored, 4, 10, batch);

        Assert.Equal([QueueErrorCode.None, QueueErrorCode.ReceiptStale], result.Outcomes);
        Assert.Equal(result.Outcomes, replayed.Outcomes);
        Assert.Equal(machine.Snapshot(), restored.Snapshot());
        Assert.Equal((0L, 1L, 1L), (machine.Table.GetStats("q", 0)!.Visible, machine.Table.GetStats("q", 0)!.InFlight, machine.Table.GetStats("q", 0)!.AckedTotal));
    }

    [Fact]
    public void Restore_KeepsWaitsDeadlinesAndMayNotify()
    {
        var machine = new QueueStateMachine(new QueueTableOptions());
        Apply(machine, 1, 0, new CreateQueueCommand("q", new QueueOptions()));
        Apply(machine, 2, 0, new ReceiveCommand("q", 0, 1, 0, 5_000));
        var restored = new QueueStateMachine(new QueueTableOptions());

        restored.Restore(machine.Snapshot());
        restored.Expire(3, 5_000);

        Assert.Equal(5_000, machine.NextDeadlineMs);
        Assert.True(machine.MayNotify(2));
        Assert.Equal(new QueueWaitEvent(2, QueueWaitEndReason.TimedOut), Assert.Single(restored.TakeEvents()));
        Assert.False(restored.MayNotify(2));
    }
}
